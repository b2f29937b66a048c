"""Image pipeline: sizes, formats, orientation, metadata, colour, bad files, cache, determinism."""

from __future__ import annotations

import io
import re
import struct
import threading
from pathlib import Path

import pytest
from PIL import Image, ImageCms, ImageDraw

from storefront_core.errors import StorefrontError
from storefront_images import ImagePipeline, ImageSet
from storefront_images import pipeline as pipeline_module
from storefront_images.plugin import _on_init
from storefront_images.settings import pipeline_from_settings

NAME = re.compile(r"^media/[a-z0-9-]+-[0-9a-f]{10}-\d+\.(webp|jpg|avif|png)$")


# -- helpers ------------------------------------------------------------------------------


def photo(path: Path, size: tuple[int, int] = (2000, 1500), mode: str = "RGB", **save) -> Path:
    """A product-shot-like test photo: a light background with a coloured object."""
    w, h = size
    im = Image.new("RGB", size, (235, 235, 240))
    draw = ImageDraw.Draw(im)
    draw.ellipse((w // 4, h // 4, 3 * w // 4, 3 * h // 4), fill=(30, 90, 200))
    draw.rectangle((0, 0, w // 10, h // 10), fill=(200, 30, 30))  # red marks the top-left
    if mode != "RGB":
        im = im.convert(mode)
    im.save(path, **save)
    return path


def run(tmp_path: Path, sources: list[Path], **kwargs):
    kwargs.setdefault("workers", 1)
    pipe = ImagePipeline(tmp_path / "cache", root=tmp_path, **kwargs)
    sets, problems, stats = pipe.process([(p, p.stem) for p in sources])
    return pipe, sets, problems, stats


def open_rendition(pipe: ImagePipeline, tmp_path: Path, image_set: ImageSet, fmt: str, width: int):
    out = tmp_path / "out"
    pipe.publish([image_set], out)
    r = next(r for r in image_set.renditions if r.format == fmt and r.width == width)
    im = Image.open(out / r.url)
    im.load()
    return im


def display_p3_profile() -> bytes:
    """An ICC profile with Display P3 primaries, made by re-pointing the sRGB profile's XYZ tags."""
    data = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    primaries = {  # D50-adapted colorants of Display P3
        b"rXYZ": (0.5151, 0.2412, -0.0011),
        b"gXYZ": (0.2920, 0.6922, 0.0419),
        b"bXYZ": (0.1571, 0.0666, 0.7841),
    }
    count = struct.unpack(">I", data[128:132])[0]
    for i in range(count):
        sig, offset, _size = struct.unpack(">4sII", data[132 + 12 * i : 144 + 12 * i])
        if sig in primaries:
            data[offset + 8 : offset + 20] = b"".join(
                struct.pack(">i", round(v * 65536)) for v in primaries[sig]
            )
    return bytes(data).replace("sRGB".encode("utf-16-be"), "P3 d".encode("utf-16-be"))


# -- sizes and formats ---------------------------------------------------------------------


def test_every_width_and_format_is_made_with_content_addressed_names(tmp_path):
    src = photo(tmp_path / "front.jpg")
    pipe, sets, problems, stats = run(tmp_path, [src])
    assert problems == [] and stats.encoded == 1
    image_set = sets[src]
    got = sorted((r.format, r.width, r.height) for r in image_set.renditions)
    assert got == [
        ("jpeg", 480, 360), ("jpeg", 960, 720), ("jpeg", 1600, 1200),
        ("webp", 480, 360), ("webp", 960, 720), ("webp", 1600, 1200),
    ]
    assert (image_set.width, image_set.height) == (1600, 1200)
    assert all(NAME.match(r.url) and r.url.startswith("media/front-") for r in image_set.renditions)
    count = pipe.publish(sets.values(), tmp_path / "out")
    assert count == 6
    for r in image_set.renditions:
        with Image.open(tmp_path / "out" / r.url) as im:
            assert im.format == {"jpeg": "JPEG", "webp": "WEBP"}[r.format]
            assert im.size == (r.width, r.height)


def test_avif_is_made_when_configured(tmp_path):
    src = photo(tmp_path / "a.jpg", (800, 600))
    pipe, sets, _, _ = run(tmp_path, [src], formats=("avif", "webp", "jpeg"))
    assert sets[src].formats() == ("avif", "webp", "jpeg")
    im = open_rendition(pipe, tmp_path, sets[src], "avif", 480)
    assert im.format == "AVIF" and im.size == (480, 360)


def test_small_photos_are_never_upscaled(tmp_path):
    mid = photo(tmp_path / "mid.jpg", (1000, 500))
    tiny = photo(tmp_path / "tiny.jpg", (300, 200))
    _, sets, problems, _ = run(tmp_path, [mid, tiny])
    assert problems == []
    assert sorted(r.width for r in sets[mid].of_format("jpeg")) == [480, 960, 1000]
    assert [(r.width, r.height) for r in sets[tiny].of_format("webp")] == [(300, 200)]
    assert sets[tiny].fallback().width == 300


def test_image_set_helpers(tmp_path):
    src = photo(tmp_path / "p.jpg")
    _, sets, _, _ = run(tmp_path, [src])
    s = sets[src]
    assert s.fallback().format == "jpeg" and s.fallback().width == 960
    assert s.largest("webp").width == 1600
    srcset = s.srcset("webp", base="https://cdn.example/")
    assert re.fullmatch(
        r"https://cdn\.example/media/p-\w{10}-480\.webp 480w, "
        r"https://cdn\.example/media/p-\w{10}-960\.webp 960w, "
        r"https://cdn\.example/media/p-\w{10}-1600\.webp 1600w",
        srcset,
    )


# -- orientation, metadata, colour --------------------------------------------------------


def test_exif_orientation_is_applied(tmp_path):
    src = tmp_path / "rotated.jpg"
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: the camera was turned; display rotated 90 deg clockwise
    photo(src, (1200, 800), exif=exif.tobytes())
    pipe, sets, _, _ = run(tmp_path, [src])
    im = open_rendition(pipe, tmp_path, sets[src], "jpeg", 480)
    assert im.size == (480, 720)  # portrait, as the shopper should see it
    # The red corner (top-left in the file) is top-right once rotated clockwise.
    r, g, b = im.getpixel((470, 10))
    assert r > 150 and g < 80 and b < 80


def test_gps_and_all_metadata_are_stripped(tmp_path):
    src = tmp_path / "gps.jpg"
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x8825] = {1: "N", 2: (48.0, 51.0, 29.0), 3: "E", 4: (2.0, 17.0, 40.0)}  # GPS IFD
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF/></x:xmpmeta>'
    photo(src, (1000, 800), exif=exif.tobytes(), comment=b"shot at home", xmp=xmp)
    with Image.open(src) as original:  # the source really carries the data
        assert original.getexif().get_ifd(0x8825) and "xmp" in original.info
    pipe, sets, _, _ = run(tmp_path, [src], formats=("avif", "webp", "jpeg"))
    for fmt in ("avif", "webp", "jpeg"):
        im = open_rendition(pipe, tmp_path, sets[src], fmt, 960)
        assert len(im.getexif()) == 0, fmt
        assert not {"exif", "xmp", "XML:com.adobe.xmp", "comment"} & set(im.info), fmt
        raw = (tmp_path / "out" / sets[src].of_format(fmt)[1].url).read_bytes()
        assert b"PhoneMaker" not in raw and b"shot at home" not in raw, fmt


def test_display_p3_photo_is_converted_to_srgb_and_carries_no_profile(tmp_path):
    p3 = display_p3_profile()
    colour = (200, 120, 60)
    src = tmp_path / "p3.jpg"
    Image.new("RGB", (600, 400), colour).save(src, icc_profile=p3, quality=95)
    expected = ImageCms.profileToProfile(
        Image.new("RGB", (1, 1), colour),
        ImageCms.ImageCmsProfile(io.BytesIO(p3)),
        ImageCms.createProfile("sRGB"),
    ).getpixel((0, 0))
    assert max(abs(a - b) for a, b in zip(expected, colour, strict=True)) > 10  # a real shift
    pipe, sets, _, _ = run(tmp_path, [src])
    for fmt in ("jpeg", "webp"):
        im = open_rendition(pipe, tmp_path, sets[src], fmt, 480)
        assert "icc_profile" not in im.info or not im.info["icc_profile"]
        got = im.convert("RGB").getpixel((240, 200))
        assert max(abs(a - b) for a, b in zip(got, expected, strict=True)) <= 4, (fmt, got)


def test_cmyk_photo_becomes_rgb_with_the_right_colours(tmp_path):
    src = tmp_path / "cmyk.jpg"
    Image.new("RGB", (600, 400), (30, 90, 200)).convert("CMYK").save(src, quality=95)
    pipe, sets, problems, _ = run(tmp_path, [src])
    assert problems == []
    im = open_rendition(pipe, tmp_path, sets[src], "jpeg", 480)
    assert im.mode == "RGB"
    got = im.getpixel((240, 180))
    assert max(abs(a - b) for a, b in zip(got, (30, 90, 200), strict=True)) <= 8, got


def test_16_bit_grey_photo_keeps_its_tones(tmp_path):
    src = tmp_path / "grey16.png"
    grad = Image.linear_gradient("L").resize((600, 400)).convert("I")
    grad.point(lambda v: v * 257).convert("I;16").save(src)
    with Image.open(src) as check:
        assert check.mode.startswith("I")
    pipe, sets, problems, _ = run(tmp_path, [src])
    assert problems == []
    im = open_rendition(pipe, tmp_path, sets[src], "jpeg", 480).convert("L")
    top, bottom = im.getpixel((240, 5)), im.getpixel((240, 314))
    assert top < 20 and bottom > 235  # a gradient, not a white sheet


def test_transparent_photo_keeps_alpha_and_falls_back_to_png(tmp_path):
    src = tmp_path / "cutout.png"
    im = Image.new("RGBA", (1000, 800), (0, 0, 0, 0))
    ImageDraw.Draw(im).ellipse((200, 200, 800, 600), fill=(30, 90, 200, 255))
    im.save(src)
    pipe, sets, _, _ = run(tmp_path, [src])
    s = sets[src]
    assert s.formats() == ("webp", "png") and s.fallback().format == "png"
    assert s.fallback().url.endswith(".png")
    webp = open_rendition(pipe, tmp_path, s, "webp", 480)
    assert webp.mode == "RGBA" and webp.getpixel((2, 2))[3] == 0
    png = open_rendition(pipe, tmp_path, s, "png", 480)
    assert png.getpixel((2, 2))[3] == 0 and png.getpixel((240, 192))[3] == 255


def test_opaque_alpha_channel_still_gets_jpeg(tmp_path):
    src = photo(tmp_path / "opaque.png", (800, 600), mode="RGBA")
    _, sets, _, _ = run(tmp_path, [src])
    assert sets[src].fallback().format == "jpeg"


def test_palette_photo_is_handled(tmp_path):
    src = photo(tmp_path / "pal.gif", (700, 500), mode="P")
    pipe, sets, problems, _ = run(tmp_path, [src])
    assert problems == []
    assert open_rendition(pipe, tmp_path, sets[src], "jpeg", 480).mode == "RGB"


# -- bad files ----------------------------------------------------------------------------


def test_corrupt_and_truncated_files_are_problems_naming_the_file(tmp_path):
    good = photo(tmp_path / "good.jpg", (800, 600))
    garbage = tmp_path / "garbage.jpg"
    garbage.write_bytes(b"this is not a jpeg")
    full = photo(tmp_path / "full.jpg", (800, 600)).read_bytes()
    truncated = tmp_path / "truncated.jpg"
    truncated.write_bytes(full[: len(full) // 2])
    _, sets, problems, stats = run(tmp_path, [garbage, good, truncated])
    assert list(sets) == [good] and stats.encoded == 1
    by_file = {p.file: p.message for p in problems}
    assert set(by_file) == {"garbage.jpg", "truncated.jpg"}
    assert all(m == "is not a valid image (the file is damaged, cut short or not a photo); "
               "re-export it as JPEG, PNG or WebP" for m in by_file.values()), by_file


def test_decompression_bomb_is_rejected_with_its_size(tmp_path):
    big = photo(tmp_path / "huge.png", (3000, 2000))  # 6 MP against a 2 MP limit
    ok = photo(tmp_path / "ok.jpg", (800, 600))
    _, sets, problems, _ = run(tmp_path, [big, ok], max_megapixels=2)
    assert list(sets) == [ok]
    [problem] = problems
    assert problem.file == "huge.png"
    assert "is 6 megapixels, above the 2 MP limit; resize it" in problem.message


def test_pillows_own_bomb_error_is_reported_the_same_way(tmp_path, monkeypatch):
    big = photo(tmp_path / "huge.png", (3000, 2000))
    _, _, problems, _ = run(tmp_path, [big], max_megapixels=1)  # > 2x limit: Pillow raises
    assert "is 6 megapixels, above the 1 MP limit" in problems[0].message


def test_missing_file_is_a_problem(tmp_path):
    _, sets, problems, _ = run(tmp_path, [tmp_path / "gone.jpg"])
    assert sets == {} and problems[0].file == "gone.jpg"
    assert "cannot be read" in problems[0].message


# -- cache --------------------------------------------------------------------------------


def test_warm_run_reuses_everything_without_decoding(tmp_path, monkeypatch):
    sources = [photo(tmp_path / f"p{i}.jpg", (900 + i, 600)) for i in range(3)]
    _, first, _, stats = run(tmp_path, sources, workers=2)
    assert (stats.encoded, stats.reused) == (3, 0)
    assert list(first) == sources  # in the order given, whichever worker finished first

    def refuse(*args, **kwargs):
        raise AssertionError("a warm run must not decode or encode")

    monkeypatch.setattr(Image, "open", refuse)
    monkeypatch.setattr(pipeline_module, "encode_photo", refuse)
    monkeypatch.setattr(pipeline_module, "ProcessPoolExecutor", refuse)
    _, second, problems, stats = run(tmp_path, sources, workers=2)
    assert problems == [] and (stats.encoded, stats.reused) == (0, 3)
    assert second == first


def test_touched_but_unchanged_photo_is_not_encoded_again(tmp_path, monkeypatch):
    src = photo(tmp_path / "p.jpg", (800, 600))
    run(tmp_path, [src])
    src.write_bytes(src.read_bytes())  # new mtime, same bytes (as after a fresh git clone)
    monkeypatch.setattr(pipeline_module, "encode_photo", None)
    _, _, problems, stats = run(tmp_path, [src])
    assert problems == [] and (stats.encoded, stats.reused) == (0, 1)


def test_deleted_cache_file_is_encoded_again(tmp_path):
    src = photo(tmp_path / "p.jpg", (800, 600))
    pipe, sets, _, _ = run(tmp_path, [src])
    victim = next((tmp_path / "cache" / "files").glob("*-480.webp"))
    victim.unlink()
    _, again, _, stats = run(tmp_path, [src])
    assert (stats.encoded, stats.reused) == (1, 0)
    assert victim.is_file() and again == sets


def test_changed_photo_or_quality_gets_new_names(tmp_path):
    src = photo(tmp_path / "p.jpg", (800, 600))
    _, before, _, _ = run(tmp_path, [src])
    _, requality, _, stats = run(tmp_path, [src], quality={"webp": 70})
    assert stats.encoded == 1
    old, new = before[src].largest("webp").url, requality[src].largest("webp").url
    assert old != new and old.rsplit("-", 1)[1] == new.rsplit("-", 1)[1]
    photo(src, (800, 600), mode="L")  # the merchant replaced the photo
    _, changed, _, stats = run(tmp_path, [src])
    assert stats.encoded == 1 and changed[src].key != before[src].key
    assert changed[src].largest("webp").url != old


def test_same_photo_under_two_names_is_encoded_once(tmp_path):
    a = photo(tmp_path / "a.jpg", (800, 600))
    b = tmp_path / "b.jpg"
    b.write_bytes(a.read_bytes())
    pipe, sets, _, stats = run(tmp_path, [a, b])
    assert (stats.encoded, stats.reused) == (1, 1)
    assert sets[a].key == sets[b].key
    assert sets[a].fallback().url.startswith("media/a-")
    assert sets[b].fallback().url.startswith("media/b-")
    assert pipe.publish(sets.values(), tmp_path / "out") == 8


def test_damaged_manifest_is_rebuilt(tmp_path):
    src = photo(tmp_path / "p.jpg", (800, 600))
    run(tmp_path, [src])
    (tmp_path / "cache" / "manifest.json").write_text("{not json", encoding="utf-8")
    _, sets, problems, stats = run(tmp_path, [src])
    assert problems == [] and stats.encoded == 1 and src in sets


def test_progress_reports_every_photo(tmp_path):
    sources = [photo(tmp_path / f"p{i}.jpg", (600, 400 + i)) for i in range(3)]
    calls: list[tuple[int, int]] = []
    pipe = ImagePipeline(tmp_path / "cache", workers=2)
    pipe.process([(p, p.stem) for p in sources], progress=lambda d, t: calls.append((d, t)))
    assert calls[0] == (0, 3) and calls[-1] == (3, 3)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)


def test_publish_hardlinks_from_the_cache(tmp_path):
    src = photo(tmp_path / "p.jpg", (800, 600))
    pipe, sets, _, _ = run(tmp_path, [src])
    out = tmp_path / "site"
    assert pipe.publish(sets.values(), out) == 4
    assert pipe.publish(sets.values(), out) == 4  # publishing twice is harmless
    r = sets[src].fallback()
    cached = tmp_path / "cache" / "files" / r.url.rsplit("/", 1)[1].split("-", 1)[1]
    assert (out / r.url).samefile(cached)


# -- determinism --------------------------------------------------------------------------


def test_names_and_bytes_are_identical_across_runs_and_processes(tmp_path):
    sources = [photo(tmp_path / f"p{i}.jpg", (1700, 1000 + i)) for i in range(2)]
    outputs = []
    for run_id, workers in (("one", 1), ("two", 2)):
        pipe = ImagePipeline(
            tmp_path / f"cache-{run_id}", formats=("avif", "webp", "jpeg"), workers=workers
        )
        sets, _, _ = pipe.process([(p, p.stem) for p in sources])
        out = tmp_path / f"out-{run_id}"
        pipe.publish(sets.values(), out)
        outputs.append({f.relative_to(out): f.read_bytes() for f in out.rglob("*.*")})
    assert len(outputs[0]) == 2 * 3 * 3
    assert outputs[0] == outputs[1]


def test_bad_configuration_is_refused(tmp_path):
    with pytest.raises(ValueError, match="always include 'jpeg'"):
        ImagePipeline(tmp_path, formats=("webp",))
    with pytest.raises(ValueError, match="use some of"):
        ImagePipeline(tmp_path, formats=("gif", "jpeg"))
    with pytest.raises(ValueError, match="whole numbers above 0"):
        ImagePipeline(tmp_path, widths=(0, 480))


def test_pool_works_while_other_threads_run(tmp_path):
    """With threads alive (a progress bar, a file watcher) workers are spawned, not forked."""
    stop = threading.Event()
    watcher = threading.Thread(target=stop.wait, daemon=True)
    watcher.start()
    try:
        sources = [photo(tmp_path / f"p{i}.jpg", (600, 400 + i)) for i in range(5)]
        _, sets, problems, stats = run(tmp_path, sources, workers=2)
    finally:
        stop.set()
    assert problems == [] and stats.encoded == 5 and list(sets) == sources


def test_pelican_settings_are_checked_and_defaulted(tmp_path):
    class FakePelican:
        settings: dict = {"IMAGE_FORMATS": ["webp"]}

    with pytest.raises(StorefrontError, match="IMAGE_FORMATS: must include 'jpeg'"):
        _on_init(FakePelican())
    FakePelican.settings = {"IMAGE_WIDTHS": [640]}
    _on_init(FakePelican())
    assert FakePelican.settings["IMAGE_FORMATS"] == ["webp", "jpeg"]
    pipe = pipeline_from_settings(FakePelican.settings, tmp_path)
    assert pipe.widths == (640,)
    assert pipe.cache_dir == tmp_path / ".cache" / "storefront" / "images"


def test_a_photo_that_kills_its_worker_is_reported_and_the_rest_still_made(
    tmp_path, monkeypatch
):
    sources = [photo(tmp_path / f"p{i}.jpg", (600, 400 + i)) for i in range(3)]
    monkeypatch.setattr(pipeline_module, "encode_photo", _crash_on_p1)
    # forked workers inherit the patched entry point; other tests (a browser suite's web
    # server) may leave threads running, which would otherwise select spawn or in-process
    monkeypatch.setattr(pipeline_module.threading, "active_count", lambda: 1)
    _, sets, problems, stats = run(tmp_path, sources, workers=2)
    assert list(sets) == [sources[0], sources[2]] and stats.encoded == 2
    [problem] = problems
    assert problem.file == "p1.jpg" and "made the image encoder crash" in problem.message


def _crash_on_p1(job):
    """A worker entry point that dies like a segfaulting decoder on one photo."""
    import os

    from storefront_images.encode import encode_photo

    if job.source.name == "p1.jpg":
        os._exit(1)
    return encode_photo(job)
