#!/usr/bin/python3
"""Drags a file onto a point of the screen as a person does from a file manager: a small GTK window
offers the file (text/uri-list, the X drag-and-drop protocol a file manager speaks) and real pointer
events (xdotool: press, move in steps, release) carry it to the point.

    drag_file.py FILE X Y       (DISPLAY names the screen; Debian's python3-gi and xdotool)

Exit 0 once the drag began, the target asked for the file (its drop) and the drag ended; 1 if it
was refused; 2 if it never began, the target never asked for the file, or it never ended.
"""
import subprocess
import sys

import gi

gi.require_version("Gtk", "3.0")
gi.require_version("Gdk", "3.0")
from gi.repository import Gdk, GLib, Gtk  # noqa: E402

path, x, y = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
uri = GLib.filename_to_uri(path, None)
seen = {"began": False, "delivered": False, "failed": False, "ended": False}

win = Gtk.Window(title="drag-source")
button = Gtk.Button(label=path.rsplit("/", 1)[-1])
button.drag_source_set(Gdk.ModifierType.BUTTON1_MASK, [], Gdk.DragAction.COPY)
button.drag_source_add_uri_targets()


def began(_widget, _context):
    seen["began"] = True


def data_get(_widget, _context, data, _info, _time):
    data.set_uris([uri])
    seen["delivered"] = True


def ended(_widget, _context):
    seen["ended"] = True
    GLib.timeout_add(300, Gtk.main_quit)


def failed(_widget, _context, _why):
    seen["failed"] = True
    return False


button.connect("drag-begin", began)
button.connect("drag-data-get", data_get)

button.connect("drag-end", ended)
button.connect("drag-failed", failed)
win.add(button)
win.set_default_size(90, 60)
win.move(1150, 620)
win.show_all()


def xdotool(*args):
    subprocess.run(["xdotool", *[str(a) for a in args]], check=True)


def start():
    wx, wy = win.get_window().get_origin()[1:]
    alloc = button.get_allocation()
    sx, sy = wx + alloc.x + alloc.width // 2, wy + alloc.y + alloc.height // 2
    xdotool("mousemove", sx, sy)
    xdotool("mousedown", 1)
    steps = 25
    points = [(sx + (x - sx) * i // steps, sy + (y - sy) * i // steps) for i in range(1, steps + 1)]

    def step():
        if points:
            xdotool("mousemove", *points.pop(0))
            return True
        # Rest over the target a moment, then let go.
        GLib.timeout_add(400, lambda: xdotool("mouseup", 1) or False)
        return False

    GLib.timeout_add(40, step)
    return False


GLib.timeout_add(700, start)
GLib.timeout_add(15000, Gtk.main_quit)
Gtk.main()
if seen["failed"]:
    print("drag_file: the drop was refused", file=sys.stderr)
    sys.exit(1)
if not (seen["began"] and seen["delivered"] and seen["ended"]):
    print(f"drag_file: the drag did not go through: {seen}", file=sys.stderr)
    sys.exit(2)
sys.exit(0)
