#!/usr/bin/env python3
"""Asks every top-level window titled like argv[1] to close, as a window manager's close button does
(a WM_DELETE_WINDOW client message), on the X display in $DISPLAY. Used by the end-to-end tests."""
import sys

from Xlib import X, display
from Xlib.protocol import event

title = sys.argv[1]
d = display.Display()
root = d.screen().root
delete = d.intern_atom("WM_DELETE_WINDOW")
protocols = d.intern_atom("WM_PROTOCOLS")
net_name = d.intern_atom("_NET_WM_NAME")
utf8 = d.intern_atom("UTF8_STRING")
sent = 0


def name_of(w):
    prop = w.get_full_property(net_name, utf8)
    if prop is not None:
        return prop.value.decode("utf-8", "replace")
    return w.get_wm_name() or ""


def walk(w):
    global sent
    for child in w.query_tree().children:
        try:
            if name_of(child) == title:
                msg = event.ClientMessage(window=child, client_type=protocols, data=(32, [delete, X.CurrentTime, 0, 0, 0]))
                child.send_event(msg, event_mask=X.NoEventMask)
                sent += 1
        except Exception:
            pass
        walk(child)


walk(root)
d.flush()
print(sent)
sys.exit(0 if sent else 1)
