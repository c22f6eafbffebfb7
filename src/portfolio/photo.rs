//! What the image files say: size, sharpness, exposure and a perceptual
//! hash, measured on a downscaled greyscale copy so that thresholds do not
//! depend on the camera. Decoding is guarded: oversized files and images
//! are refused before their pixels are allocated.

use std::io::Cursor;

use image::{DynamicImage, GrayImage, ImageReader, Limits};

/// Files larger than this are not read.
pub const MAX_FILE_BYTES: u64 = 40 * 1024 * 1024;
/// Images wider or taller than this are not decoded.
pub const MAX_SIDE: u32 = 12_000;
/// Memory the decoder may allocate for one image.
const MAX_ALLOC: u64 = 512 * 1024 * 1024;
/// Long side of the copy that sharpness and exposure are measured on.
const MEASURE_SIDE: u32 = 640;

/// Measurements of one decoded photo.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Measures {
    pub width: u32,
    pub height: u32,
    /// Variance of the Laplacian of the measuring copy: low means blurry.
    pub sharpness: f64,
    /// Mean brightness, 0–255.
    pub brightness: f64,
    /// Share of nearly white pixels (blown-out highlights).
    pub blown_out: f64,
    /// 64-bit difference hash; near-duplicates differ in few bits.
    pub hash: u64,
}

/// What became of one item's photo.
#[derive(Debug, Clone, PartialEq)]
pub enum Photo {
    Measured(Measures),
    /// The file does not exist.
    Missing,
    /// The path leaves the manifest's folder; the file was not read.
    Outside,
    /// The file could not be read or decoded; the reason.
    Unreadable(String),
}

impl Photo {
    pub fn measures(&self) -> Option<&Measures> {
        match self {
            Photo::Measured(m) => Some(m),
            _ => None,
        }
    }
}

/// Decodes image bytes within the limits and measures them.
pub fn measure_bytes(bytes: &[u8]) -> Photo {
    if let Some(refused) = oversized(bytes.len() as u64) {
        return refused;
    }
    let reader = || ImageReader::new(Cursor::new(bytes)).with_guessed_format();
    let (width, height) = match reader()
        .map_err(|e| e.to_string())
        .and_then(|r| r.into_dimensions().map_err(|e| e.to_string()))
    {
        Ok(size) => size,
        Err(e) => return Photo::Unreadable(format!("not a readable image ({e})")),
    };
    if width > MAX_SIDE || height > MAX_SIDE {
        return Photo::Unreadable(format!(
            "the image is {width}×{height}, over the {MAX_SIDE}-pixel limit"
        ));
    }
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_ALLOC);
    let decoded = reader().map_err(|e| e.to_string()).and_then(|mut r| {
        r.limits(limits);
        r.decode().map_err(|e| e.to_string())
    });
    match decoded {
        Ok(image) => Photo::Measured(measure(&image)),
        Err(e) => Photo::Unreadable(format!("not a readable image ({e})")),
    }
}

/// A file over the size limit, refused before it is read or decoded.
pub fn oversized(size: u64) -> Option<Photo> {
    (size > MAX_FILE_BYTES).then(|| {
        Photo::Unreadable(format!(
            "the file is {} MB, over the {} MB limit",
            size >> 20,
            MAX_FILE_BYTES >> 20
        ))
    })
}

/// Measures a decoded image.
pub fn measure(image: &DynamicImage) -> Measures {
    let small = image.thumbnail(MEASURE_SIDE, MEASURE_SIDE).to_luma8();
    let (brightness, blown_out) = exposure(&small);
    Measures {
        width: image.width(),
        height: image.height(),
        sharpness: laplacian_variance(&small),
        brightness,
        blown_out,
        hash: difference_hash(&small),
    }
}

fn exposure(image: &GrayImage) -> (f64, f64) {
    let pixels = image.as_raw();
    if pixels.is_empty() {
        return (0.0, 0.0);
    }
    let sum: u64 = pixels.iter().map(|&p| u64::from(p)).sum();
    let white = pixels.iter().filter(|&&p| p >= 250).count();
    let n = pixels.len() as f64;
    (sum as f64 / n, white as f64 / n)
}

/// Variance of the 4-neighbour Laplacian: edges make it large, blur
/// flattens it.
fn laplacian_variance(image: &GrayImage) -> f64 {
    let (w, h) = image.dimensions();
    if w < 3 || h < 3 {
        return 0.0;
    }
    let at = |x: u32, y: u32| f64::from(image.get_pixel(x, y).0[0]);
    let (mut sum, mut sum_sq, mut n) = (0.0, 0.0, 0.0);
    for y in 1..h - 1 {
        for x in 1..w - 1 {
            let v = at(x - 1, y) + at(x + 1, y) + at(x, y - 1) + at(x, y + 1) - 4.0 * at(x, y);
            sum += v;
            sum_sq += v * v;
            n += 1.0;
        }
    }
    let mean = sum / n;
    sum_sq / n - mean * mean
}

/// dHash: the image shrunk to 9×8, one bit per horizontal neighbour pair.
fn difference_hash(image: &GrayImage) -> u64 {
    let tiny = image::imageops::resize(image, 9, 8, image::imageops::FilterType::Triangle);
    let mut hash = 0u64;
    for y in 0..8 {
        for x in 0..8 {
            let brighter = tiny.get_pixel(x + 1, y).0[0] > tiny.get_pixel(x, y).0[0];
            hash = (hash << 1) | u64::from(brighter);
        }
    }
    hash
}

/// Bits in which two hashes differ.
pub fn distance(a: u64, b: u64) -> u32 {
    (a ^ b).count_ones()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::portfolio::samples;

    fn measured(name: &str) -> Measures {
        *measure_bytes(&samples::bytes(name).unwrap())
            .measures()
            .unwrap_or_else(|| panic!("{name} not measured"))
    }

    #[test]
    fn blur_lowers_sharpness() {
        let sharp = measured("sharp-1.png");
        let blurry = measured("blurry-1.png");
        assert!(
            sharp.sharpness > 10.0 * blurry.sharpness,
            "{sharp:?} {blurry:?}"
        );
    }

    #[test]
    fn exposure_tells_dark_and_blown_out() {
        let normal = measured("sharp-2.png");
        assert!(measured("dark-2.png").brightness < normal.brightness / 3.0);
        assert!(measured("overexposed-2.png").blown_out > 0.5);
        assert!(normal.blown_out < 0.2, "{normal:?}");
    }

    #[test]
    fn resized_copies_hash_close_and_other_photos_far() {
        let one = measured("sharp-1.png");
        let copy = measured("copy-1.jpg");
        assert!(
            distance(one.hash, copy.hash) <= 4,
            "{}",
            distance(one.hash, copy.hash)
        );
        for other in 2..=20 {
            let other = measured(&format!("sharp-{other}.png"));
            assert!(distance(one.hash, other.hash) > 12);
        }
    }

    #[test]
    fn corrupt_and_oversized_images_are_findings_not_crashes() {
        assert!(matches!(
            measure_bytes(b"\xff\xd8\xff garbage"),
            Photo::Unreadable(_)
        ));
        // A PNG header claiming 20 000 × 20 000 pixels: refused before decoding.
        let huge = samples::png_header(20_000, 20_000);
        match measure_bytes(&huge) {
            Photo::Unreadable(reason) => assert!(reason.contains("20000×20000"), "{reason}"),
            other => panic!("{other:?}"),
        }
    }
}
