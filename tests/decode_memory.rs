//! What decoding one photo costs in memory, counted by a global allocator:
//! decompression bombs are refused from their headers or their ancillary
//! chunks skipped, and large JPEGs are decoded at reduced size. One test
//! function, so that nothing else allocates while it counts.

use std::io::Cursor;
use std::sync::atomic::Ordering;

use image::codecs::jpeg::JpegEncoder;
use image::codecs::webp::WebPEncoder;
use image::{ExtendedColorType, ImageEncoder, RgbImage, RgbaImage};
use pitchlint::portfolio::photo::{Photo, measure_bytes};

#[path = "support/counting.rs"]
mod counting;

use counting::{CURRENT, MB, PEAK};

/// The photo and the most memory measuring it held at once beyond what
/// was held before.
fn measured_with_peak(bytes: &[u8]) -> (Photo, usize) {
    let base = CURRENT.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    let photo = measure_bytes(bytes);
    (photo, PEAK.load(Ordering::Relaxed).saturating_sub(base))
}

/// A small PNG whose ICC profile and zTXt chunk inflate to `inflated`
/// bytes each: a few hundred KB of file.
fn png_with_bombs(inflated: usize) -> Vec<u8> {
    let mut out = Vec::new();
    let mut info = png::Info::with_size(64, 64);
    info.color_type = png::ColorType::Grayscale;
    info.bit_depth = png::BitDepth::Eight;
    info.icc_profile = Some(vec![0u8; inflated].into());
    let mut encoder = png::Encoder::with_info(&mut out, info).unwrap();
    encoder
        .add_ztxt_chunk("Comment".into(), "a".repeat(inflated))
        .unwrap();
    let mut writer = encoder.write_header().unwrap();
    let pixels: Vec<u8> = (0..64 * 64).map(|i| (i * 7 % 251) as u8).collect();
    writer.write_image_data(&pixels).unwrap();
    writer.finish().unwrap();
    out
}

/// A lossless WebP header claiming `width × height`, then junk.
fn webp_claiming(width: u32, height: u32) -> Vec<u8> {
    let bits: u32 = (width - 1) | ((height - 1) << 14);
    let mut chunk = vec![0x2f];
    chunk.extend_from_slice(&bits.to_le_bytes());
    chunk.extend_from_slice(&[0x55; 5000]);
    let mut out = b"RIFF".to_vec();
    out.extend_from_slice(&(4 + 8 + chunk.len() as u32).to_le_bytes());
    out.extend_from_slice(b"WEBPVP8L");
    out.extend_from_slice(&(chunk.len() as u32).to_le_bytes());
    out.extend_from_slice(&chunk);
    out
}

fn pattern(width: u32, height: u32) -> RgbImage {
    RgbImage::from_fn(width, height, |x, y| {
        let v = (((x / 64) ^ (y / 64)) * 37 % 256) as u8;
        image::Rgb([v, v / 2, 255 - v])
    })
}

#[test]
fn decoding_memory_is_bounded_per_image() {
    // An ICC profile and a text chunk of 16 MB each, compressed into the
    // file: skipped, not inflated.
    let bomb = png_with_bombs(16 * MB);
    assert!(bomb.len() < MB, "{}", bomb.len());
    let (photo, peak) = measured_with_peak(&bomb);
    assert!(photo.measures().is_some(), "{photo:?}");
    assert!(peak < 8 * MB, "PNG with inflating chunks: {} MB", peak / MB);

    // A lossless WebP claiming 12 000 × 12 000 pixels: within the side
    // limit, over the pixel limit, refused from its header.
    let (photo, peak) = measured_with_peak(&webp_claiming(12_000, 12_000));
    match photo {
        Photo::Unreadable(reason) => assert!(
            reason.contains("144 megapixels") && reason.contains("50-megapixel limit"),
            "{reason}"
        ),
        other => panic!("{other:?}"),
    }
    assert!(peak < MB, "WebP claiming 144 MP: {} KB", peak >> 10);

    // A real lossless WebP costs within the estimate the header check uses.
    let (w, h) = (1200, 900);
    let rgba = RgbaImage::from_fn(w, h, |x, y| {
        image::Rgba([(x % 256) as u8, (y % 256) as u8, 7, 255])
    });
    let mut webp = Vec::new();
    WebPEncoder::new_lossless(&mut webp)
        .write_image(rgba.as_raw(), w, h, ExtendedColorType::Rgba8)
        .unwrap();
    drop(rgba);
    let (photo, peak) = measured_with_peak(&webp);
    assert!(photo.measures().is_some(), "{photo:?}");
    let per_pixel = peak as f64 / f64::from(w * h);
    assert!(
        per_pixel <= 8.0,
        "WebP decoding: {per_pixel:.1} bytes per pixel"
    );

    // A 24-megapixel JPEG (72 MB of RGB decoded whole) is decoded at 1/4
    // size and still reports its own size.
    let (w, h) = (6000, 4000);
    let mut jpeg = Vec::new();
    JpegEncoder::new_with_quality(Cursor::new(&mut jpeg), 60)
        .write_image(pattern(w, h).as_raw(), w, h, ExtendedColorType::Rgb8)
        .unwrap();
    let (photo, peak) = measured_with_peak(&jpeg);
    let measures = photo.measures().unwrap_or_else(|| panic!("{photo:?}"));
    assert_eq!((measures.width, measures.height), (w, h));
    assert!(peak < 24 * MB, "24 MP JPEG: {} MB", peak / MB);
}
