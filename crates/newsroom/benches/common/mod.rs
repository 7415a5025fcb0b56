//! What the benches share: a photo-like JPEG made here.

pub struct Rng(pub u64);
impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// A photo-like JPEG (smooth shapes and fine noise, as a camera gives) of `w × h` at quality 92.
pub fn camera_jpeg(w: u16, h: u16, seed: u64) -> Vec<u8> {
    let mut rng = Rng(seed | 1);
    let mut px = Vec::with_capacity(usize::from(w) * usize::from(h) * 3);
    let (fw, fh) = (f32::from(w), f32::from(h));
    for y in 0..h {
        for x in 0..w {
            let (fx, fy) = (f32::from(x) / fw, f32::from(y) / fh);
            let noise = (rng.next() % 24) as f32 - 12.0;
            let sky = 200.0 - 120.0 * fy;
            let hill = if fy > 0.55 + 0.1 * (fx * 9.0).sin() {
                90.0
            } else {
                0.0
            };
            let r = (sky - hill + noise + 30.0 * (fx * 31.0).sin()).clamp(0.0, 255.0);
            let g = (sky * 0.9 + hill * 0.4 + noise).clamp(0.0, 255.0);
            let b = (255.0 - hill * 1.5 + noise - 40.0 * fy).clamp(0.0, 255.0);
            px.extend([r as u8, g as u8, b as u8]);
        }
    }
    let mut out = Vec::new();
    jpeg_encoder::Encoder::new(&mut out, 92)
        .encode(&px, w, h, jpeg_encoder::ColorType::Rgb)
        .expect("encode");
    out
}
