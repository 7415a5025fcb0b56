"""Writes the fuzz seeds that are images or come from the app (run once by hand; the results are
committed in fuzz/seeds/). Needs Pillow and a built `target/debug/newsroom`."""
import io, json, os, subprocess, sys, tempfile
from PIL import Image

here = os.path.dirname(os.path.abspath(__file__))
seeds = os.path.join(here, "seeds")
newsroom = os.path.join(here, "..", "target", "debug", "newsroom")

def save(kind, name, data):
    with open(os.path.join(seeds, kind, name), "wb") as f:
        f.write(data)

def image(fmt, size, mode="RGB", **kw):
    im = Image.new(mode, size, "red" if mode in ("RGB", "RGBA") else 128)
    for x in range(size[0]):
        im.putpixel((x, x % size[1]), (0, 90, 200) if mode in ("RGB",) else (0, 90, 200, 255) if mode == "RGBA" else 10)
    out = io.BytesIO()
    im.save(out, fmt, **kw)
    return out.getvalue()

save("photo", "small.jpg", image("JPEG", (24, 16), quality=80))
save("photo", "gray.jpg", image("JPEG", (9, 7), mode="L"))
save("photo", "cmyk.jpg", image("JPEG", (8, 8), mode="CMYK"))
save("photo", "small.png", image("PNG", (12, 20), mode="RGBA"))
save("photo", "small.webp", image("WEBP", (16, 16)))
ex = Image.Exif()
ex[0x0112] = 6  # orientation: rotate
ex[0x013B] = "Hoàng Tùng"
save("photo", "exif.jpg", image("JPEG", (20, 10), exif=ex.tobytes()))

# A bundle and a backup made by the app itself, from an article with one small photo.
with tempfile.TemporaryDirectory() as d:
    env = dict(os.environ, NEWSROOM_DATA_DIR=os.path.join(d, "data"))
    run = lambda *a: subprocess.run([newsroom, *a], env=env, check=True, capture_output=True, text=True).stdout.strip()
    photo = os.path.join(d, "anh.jpg")
    with open(photo, "wb") as f:
        f.write(image("JPEG", (40, 30)))
    art = subprocess.run([newsroom, "new", "--title", "Gói thử", "--lead", "Sapo", "--body-file", "-"],
                         env=env, input="Đoạn một.\n\nĐoạn hai.", check=True, capture_output=True, text=True).stdout.strip()
    run("photo", "add", art, photo, "--caption", "Chú thích", "--alt", "Mô tả", "--credit", "Hoàng Tùng")
    run("comment", art, "--text", "Nhận xét")
    run("bundle", "export", art, "--out", os.path.join(d, "bai.toasoan"))
    run("backup", "--out", os.path.join(d, "sao-luu.zip"))
    save("bundle", "article.toasoan", open(os.path.join(d, "bai.toasoan"), "rb").read())
    save("bundle", "backup.zip", open(os.path.join(d, "sao-luu.zip"), "rb").read())
    save("profile", "hai-phong.json", run("profile", "show").encode())
    save("profile", "names.txt", run("profile", "names").encode())
print("seeds written", file=sys.stderr)

# Word files: the document.xml of each LibreOffice fixture (first byte 1: wrapped in a package by
# the target) and the small fixtures whole (first byte 0).
import zipfile
docx_dir = os.path.join(here, "..", "crates", "newsroom", "tests", "fixtures", "docx")
os.makedirs(os.path.join(seeds, "docx"), exist_ok=True)
for name in sorted(os.listdir(docx_dir)):
    path = os.path.join(docx_dir, name)
    doc = zipfile.ZipFile(path).read("word/document.xml")
    if len(doc) < 64 * 1024:
        save("docx", name.replace(".docx", ".xml.seed"), b"\x01" + doc)
    if os.path.getsize(path) < 16 * 1024:
        save("docx", name + ".seed", b"\x00" + open(path, "rb").read())
