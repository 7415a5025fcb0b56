"""Writes the odd and hostile images of tests/fixtures/hostile/ (run once by hand with Pillow; the
files are committed). Each is small on disk."""
import io, os, struct
from PIL import Image

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "hostile")

def save(name, data):
    with open(os.path.join(out, name), "wb") as f:
        f.write(data)

def enc(im, fmt, **kw):
    b = io.BytesIO()
    im.save(b, fmt, **kw)
    return b.getvalue()

def picture(mode, size):
    im = Image.new("RGB", size, (200, 30, 30))
    for x in range(0, size[0], 3):
        for y in range(0, size[1], 5):
            im.putpixel((x, y), (20, 90, 200))
    return im.convert(mode) if mode != "RGB" else im

save("cmyk.jpg", enc(picture("CMYK", (64, 48)), "JPEG", quality=85))
save("gray16.png", enc(Image.new("I;16", (40, 30), 40000), "PNG"))
frames = [picture("RGB", (32, 24)), Image.new("RGB", (32, 24), (0, 200, 0))]
save("animated.png", enc(frames[0], "PNG", save_all=True, append_images=frames[1:], duration=100, loop=0))
save("animated.webp", enc(frames[0], "WEBP", save_all=True, append_images=frames[1:], duration=100, loop=0))
save("tall-1x20000.png", enc(Image.new("RGB", (1, 20000), (10, 10, 10)), "PNG"))
save("wide-20000x1.jpg", enc(Image.new("RGB", (20000, 1), (10, 10, 10)), "JPEG"))
save("png-named.jpg", enc(picture("RGB", (30, 20)), "PNG"))
good = enc(picture("RGB", (200, 150)), "JPEG", quality=90)
save("truncated.jpg", good[: len(good) // 3])
# A JPEG whose frame header says 60000 x 60000 (3.6 gigapixels) over a few bytes of data.
sof = good.index(b"\xff\xc0")
save("bomb-60000.jpg", good[: sof + 5] + struct.pack(">HH", 60000, 60000) + good[sof + 9 :])
