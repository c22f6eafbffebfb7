//! Sample photos made on the fly, for rule examples and tests, so no image
//! files are kept in the repository. The file name says what it shows:
//!
//! | name | picture |
//! | --- | --- |
//! | `sharp-N` | a distinct sharp, well-exposed 1024×768 picture for each N |
//! | `blurry-N` | `sharp-N` out of focus |
//! | `dark-N` | `sharp-N` underexposed (dark but sharp) |
//! | `bright-blurry-N` | `blurry-N` brightened (bright but blurry) |
//! | `overexposed-N` | `sharp-N` blown out |
//! | `small-N` | `sharp-N` at 400×300 |
//! | `copy-N` | `sharp-N` resized to 800×600 (a near-duplicate) |
//! | `broken-N` | a corrupt file |
//!
//! Any extension works; `.jpg`/`.jpeg` files are JPEG, others PNG. Any
//! other name is a missing file.

use std::io::Cursor;

use image::imageops::{FilterType, resize};
use image::{DynamicImage, GrayImage, ImageFormat, Luma};

const WIDTH: u32 = 1024;
const HEIGHT: u32 = 768;

/// What a sample name stands for.
pub enum Sample {
    Image(DynamicImage),
    Corrupt(Vec<u8>),
}

/// The sample for a file name (with or without folders), if it is one.
pub fn sample(name: &str) -> Option<Sample> {
    let file = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let stem = file.rsplit_once('.').map_or(file, |(stem, _)| stem);
    let (look, n) = stem.rsplit_once('-')?;
    let n: u32 = n.parse().ok()?;
    let image = match look {
        "sharp" => sharp(n),
        "blurry" => blurred(sharp(n)),
        "bright-blurry" => map(blurred(sharp(n)), |p| 110 + p / 2),
        "dark" => map(sharp(n), |p| p / 8),
        "overexposed" => map(sharp(n), |p| p.saturating_add(200)),
        "small" => resize(&sharp(n), 400, 300, FilterType::Triangle),
        "copy" => resize(&sharp(n), 800, 600, FilterType::Triangle),
        "broken" => {
            return Some(Sample::Corrupt(
                b"\xff\xd8\xff\xe0 not really a photo".to_vec(),
            ));
        }
        _ => return None,
    };
    Some(Sample::Image(DynamicImage::ImageLuma8(image)))
}

/// Out of focus: detail below a 24th of the frame is gone.
fn blurred(image: GrayImage) -> GrayImage {
    let small = resize(&image, WIDTH / 24, HEIGHT / 24, FilterType::Triangle);
    resize(&small, WIDTH, HEIGHT, FilterType::Triangle)
}

/// The sample encoded as its file would be.
pub fn bytes(name: &str) -> Option<Vec<u8>> {
    match sample(name)? {
        Sample::Corrupt(bytes) => Some(bytes),
        Sample::Image(image) => {
            let lower = name.to_ascii_lowercase();
            let format = if lower.ends_with(".jpg") || lower.ends_with(".jpeg") {
                ImageFormat::Jpeg
            } else {
                ImageFormat::Png
            };
            let mut out = Cursor::new(Vec::new());
            image.write_to(&mut out, format).ok()?;
            Some(out.into_inner())
        }
    }
}

/// Blocks of grey in a pattern of their own for each `n`: sharp edges
/// everywhere, mid-grey on average.
fn sharp(n: u32) -> GrayImage {
    const BLOCK: u32 = 32;
    let cols = WIDTH.div_ceil(BLOCK);
    let mut state = u64::from(n).wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let values: Vec<u8> = (0..cols * HEIGHT.div_ceil(BLOCK))
        .map(|_| {
            // xorshift: a fixed sequence per n, no dependency needed.
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 56) as u8
        })
        .collect();
    GrayImage::from_fn(WIDTH, HEIGHT, |x, y| {
        Luma([values[((y / BLOCK) * cols + x / BLOCK) as usize]])
    })
}

fn map(mut image: GrayImage, f: impl Fn(u8) -> u8) -> GrayImage {
    for p in image.pixels_mut() {
        p.0[0] = f(p.0[0]);
    }
    image
}

/// A PNG that is only a header claiming `width × height` (a decompression
/// bomb's announcement), for tests of the size guard.
pub fn png_header(width: u32, height: u32) -> Vec<u8> {
    let mut ihdr = b"IHDR".to_vec();
    ihdr.extend_from_slice(&width.to_be_bytes());
    ihdr.extend_from_slice(&height.to_be_bytes());
    ihdr.extend_from_slice(&[8, 0, 0, 0, 0]);
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    out.extend_from_slice(&13u32.to_be_bytes());
    out.extend_from_slice(&ihdr);
    out.extend_from_slice(&crc32fast::hash(&ihdr).to_be_bytes());
    // An empty data chunk and the end marker: the header is all there is.
    for chunk in [&b"IDAT"[..], &b"IEND"[..]] {
        out.extend_from_slice(&0u32.to_be_bytes());
        out.extend_from_slice(chunk);
        out.extend_from_slice(&crc32fast::hash(chunk).to_be_bytes());
    }
    out
}
