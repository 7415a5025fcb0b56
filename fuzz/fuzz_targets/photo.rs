//! A photo file: format sniffing, header size, EXIF/IPTC/XMP metadata, and (for images small
//! enough to decode quickly) the renditions. Property: never panics; a rendition is never larger
//! than asked.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsroom::media::{self, Spec};

fuzz_target!(|data: &[u8]| {
    let _ = media::meta::read(data);
    let Ok(c) = media::check_bytes("anh.jpg", data.to_vec()) else {
        return;
    };
    if u64::from(c.width) * u64::from(c.height) > 1_000_000 {
        return;
    }
    let spec = Spec {
        widths: vec![64, 16],
        quality: 80,
    };
    if let Ok(made) = media::render(&c, &spec) {
        for r in made {
            assert!(r.width <= 64.max(c.width), "{} > {}", r.width, c.width);
        }
    }
});
