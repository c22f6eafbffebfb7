//! What the image files say: size, sharpness, exposure and a perceptual
//! hash, measured on a downscaled greyscale copy so that thresholds do not
//! depend on the camera. Decoding is guarded: oversized files and images
//! are refused from their headers, before their pixels are allocated;
//! ancillary chunks (ICC profiles, text) are skipped, and JPEGs are decoded
//! at reduced size, so an image costs at most `MAX_DECODE_BYTES`.

use std::io::Cursor;

use image::{DynamicImage, GrayImage, ImageBuffer, ImageFormat, ImageReader, Limits};

/// Files larger than this are not read.
pub const MAX_FILE_BYTES: u64 = 40 * 1024 * 1024;
/// Images wider or taller than this are not decoded.
pub const MAX_SIDE: u32 = 12_000;
/// Images with more pixels than this are not decoded (JPEGs that can be
/// decoded at reduced size excepted). 50 MP holds every phone's default
/// output (12–50 MP) and full-frame cameras up to 50 MP, while one decoded
/// 8-bit RGBA image stays within 200 MB.
pub const MAX_PIXELS: u64 = 50_000_000;
/// Memory the decoder may use for one image, estimated from the header
/// before decoding and enforced by the decoders' own limits.
pub const MAX_DECODE_BYTES: u64 = 256 * 1024 * 1024;
/// JPEGs are decoded at the smallest DCT scale (1/8, 1/4, 1/2, 1) whose long
/// side is at least this: twice the measuring copy keeps its detail.
const JPEG_DECODE_SIDE: u32 = 2 * MEASURE_SIDE;
/// Peak bytes per pixel of the WebP decoder (frame, canvas and transform
/// buffers), rounded up.
const WEBP_BYTES_PER_PIXEL: u64 = 8;
/// Long side of the copy that sharpness and exposure are measured on.
const MEASURE_SIDE: u32 = 640;
/// Measurements of one decoded photo.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Measures {
    pub width: u32,
    pub height: u32,
    /// Variance of the Laplacian of the measuring copy, scaled to a
    /// reference contrast: low means blurry, however dark or flat the light.
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
    let decoded = match image::guess_format(bytes) {
        Ok(ImageFormat::Png) => decode_png(bytes),
        Ok(ImageFormat::Jpeg) => decode_jpeg(bytes),
        Ok(ImageFormat::WebP) => decode_webp(bytes),
        _ => Err(Refusal::Unreadable("unknown format".into())),
    };
    match decoded {
        Ok(Decoded {
            width,
            height,
            image,
        }) => Photo::Measured(Measures {
            width,
            height,
            ..measure(&image)
        }),
        Err(Refusal::TooLarge(reason)) => Photo::Unreadable(reason),
        Err(Refusal::Unreadable(e)) => Photo::Unreadable(format!("not a readable image ({e})")),
    }
}

/// A decoded image, maybe at reduced size, and the size the file states.
struct Decoded {
    width: u32,
    height: u32,
    image: DynamicImage,
}

enum Refusal {
    /// Over a limit: the whole reason.
    TooLarge(String),
    /// The decoder's complaint.
    Unreadable(String),
}

fn unreadable(e: impl std::fmt::Display) -> Refusal {
    Refusal::Unreadable(e.to_string())
}

/// Refuses a stated size over the side or pixel limits, or whose decoding
/// would need more than `MAX_DECODE_BYTES` at `bytes_per_pixel`.
fn check_size(width: u32, height: u32, bytes_per_pixel: Option<u64>) -> Result<(), Refusal> {
    if width > MAX_SIDE || height > MAX_SIDE {
        return Err(Refusal::TooLarge(format!(
            "the image is {width}×{height}, over the {MAX_SIDE}-pixel limit"
        )));
    }
    let pixels = u64::from(width) * u64::from(height);
    let Some(per_pixel) = bytes_per_pixel else {
        return Ok(());
    };
    if pixels > MAX_PIXELS {
        return Err(Refusal::TooLarge(format!(
            "the image is {width}×{height} ({} megapixels), over the {}-megapixel limit",
            pixels.div_ceil(1_000_000),
            MAX_PIXELS / 1_000_000
        )));
    }
    let needed = pixels * per_pixel;
    if needed > MAX_DECODE_BYTES {
        return Err(Refusal::TooLarge(format!(
            "the image is {width}×{height}: decoding it needs {} MB, over the {} MB limit",
            needed.div_ceil(1 << 20),
            MAX_DECODE_BYTES >> 20
        )));
    }
    Ok(())
}

/// PNG through `png` directly: text and ICC chunks are skipped unread
/// (a compressed profile can inflate far beyond the file), 16-bit samples
/// are stripped to 8, and the pixel buffer is bounded by `MAX_DECODE_BYTES`.
fn decode_png(bytes: &[u8]) -> Result<Decoded, Refusal> {
    let limits = png::Limits {
        bytes: MAX_DECODE_BYTES as usize,
    };
    let mut decoder = png::Decoder::new_with_limits(Cursor::new(bytes), limits);
    decoder.set_ignore_text_chunk(true);
    decoder.set_ignore_iccp_chunk(true);
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().map_err(unreadable)?;
    let (width, height) = (reader.info().width, reader.info().height);
    let (color, _) = reader.output_color_type();
    check_size(width, height, Some(color.samples() as u64))?;
    let size = reader
        .output_buffer_size()
        .ok_or_else(|| unreadable("image too large"))?;
    let mut buffer = vec![0; size];
    let frame = reader.next_frame(&mut buffer).map_err(unreadable)?;
    buffer.truncate(frame.buffer_size());
    let (w, h) = (frame.width, frame.height);
    let image = match frame.color_type {
        png::ColorType::Grayscale => {
            ImageBuffer::from_raw(w, h, buffer).map(DynamicImage::ImageLuma8)
        }
        png::ColorType::GrayscaleAlpha => {
            ImageBuffer::from_raw(w, h, buffer).map(DynamicImage::ImageLumaA8)
        }
        png::ColorType::Rgb => ImageBuffer::from_raw(w, h, buffer).map(DynamicImage::ImageRgb8),
        png::ColorType::Rgba => ImageBuffer::from_raw(w, h, buffer).map(DynamicImage::ImageRgba8),
        png::ColorType::Indexed => None,
    }
    .ok_or_else(|| unreadable("unexpected pixel layout"))?;
    Ok(Decoded {
        width,
        height,
        image,
    })
}

/// JPEG through `jpeg-decoder`, whose DCT scaling decodes a large photo at
/// 1/2, 1/4 or 1/8 of its size. Progressive and lossless files keep every
/// coefficient (2 bytes per sample) until the last scan, so their full size
/// counts.
fn decode_jpeg(bytes: &[u8]) -> Result<Decoded, Refusal> {
    use jpeg_decoder::{CodingProcess, PixelFormat};
    let mut decoder = jpeg_decoder::Decoder::new(Cursor::new(bytes));
    decoder.read_info().map_err(unreadable)?;
    let info = decoder
        .info()
        .ok_or_else(|| unreadable("no frame header"))?;
    let (width, height) = (u32::from(info.width), u32::from(info.height));
    let samples = match info.pixel_format {
        PixelFormat::L8 | PixelFormat::L16 => 1,
        PixelFormat::RGB24 => 3,
        PixelFormat::CMYK32 => 4,
    };
    let full_coefficients = info.coding_process != CodingProcess::DctSequential;
    check_size(width, height, full_coefficients.then_some(2 * samples))?;
    let long = width.max(height).max(1);
    let wanted =
        |side: u32| (u64::from(side) * u64::from(JPEG_DECODE_SIDE) / u64::from(long)).max(1);
    let (w, h) = decoder
        .scale(wanted(width) as u16, wanted(height) as u16)
        .map_err(unreadable)?;
    let (w, h) = (u32::from(w), u32::from(h));
    // Sequential files are decoded row by row: only the scaled output counts.
    check_size(w, h, Some(samples))?;
    decoder.set_max_decoding_buffer_size(MAX_DECODE_BYTES as usize);
    let pixels = decoder.decode().map_err(unreadable)?;
    let image = match info.pixel_format {
        PixelFormat::L8 => ImageBuffer::from_raw(w, h, pixels).map(DynamicImage::ImageLuma8),
        PixelFormat::L16 => {
            let wide = pixels
                .chunks_exact(2)
                .map(|p| u16::from_be_bytes([p[0], p[1]]))
                .collect();
            ImageBuffer::from_raw(w, h, wide).map(DynamicImage::ImageLuma16)
        }
        PixelFormat::RGB24 => ImageBuffer::from_raw(w, h, pixels).map(DynamicImage::ImageRgb8),
        PixelFormat::CMYK32 => {
            // Brightness is what is measured: ink coverage inverted is enough.
            let grey = pixels
                .chunks_exact(4)
                .map(|p| {
                    let ink = (u32::from(p[0]) + u32::from(p[1]) + u32::from(p[2])) / 3;
                    (255 - ink.max(u32::from(p[3]))) as u8
                })
                .collect();
            ImageBuffer::from_raw(w, h, grey).map(DynamicImage::ImageLuma8)
        }
    }
    .ok_or_else(|| unreadable("unexpected pixel layout"))?;
    Ok(Decoded {
        width,
        height,
        image,
    })
}

/// WebP through `image`, refused from its header when the decoder's
/// buffers would exceed `MAX_DECODE_BYTES`.
fn decode_webp(bytes: &[u8]) -> Result<Decoded, Refusal> {
    let reader = || ImageReader::with_format(Cursor::new(bytes), ImageFormat::WebP);
    let (width, height) = reader().into_dimensions().map_err(unreadable)?;
    check_size(width, height, Some(WEBP_BYTES_PER_PIXEL))?;
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    let mut reader = reader();
    reader.limits(limits);
    let image = reader.decode().map_err(unreadable)?;
    Ok(Decoded {
        width,
        height,
        image,
    })
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
        sharpness: sharpness(&small),
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

/// Standard deviation of pixel values a well-exposed photo typically has;
/// sharpness is reported as if the photo had it.
const REFERENCE_CONTRAST: f64 = 55.0;
/// Below this contrast a photo is all but flat: nothing to scale up but
/// noise, so its sharpness is taken as measured.
const MIN_CONTRAST: f64 = 4.0;

/// Sharpness judged apart from exposure: an underexposed photo has weaker
/// edges in absolute terms (a photo at 1/8 of the light has 1/64 of the
/// Laplacian's variance) without being any less in focus, so the variance
/// is scaled by the photo's own contrast.
fn sharpness(image: &GrayImage) -> f64 {
    let raw = laplacian_variance(image);
    let contrast = contrast(image);
    if contrast < MIN_CONTRAST {
        raw
    } else {
        raw * (REFERENCE_CONTRAST / contrast).powi(2)
    }
}

/// Standard deviation of the pixel values.
fn contrast(image: &GrayImage) -> f64 {
    let pixels = image.as_raw();
    if pixels.is_empty() {
        return 0.0;
    }
    let n = pixels.len() as f64;
    let mean = pixels.iter().map(|&p| f64::from(p)).sum::<f64>() / n;
    let var = pixels
        .iter()
        .map(|&p| (f64::from(p) - mean).powi(2))
        .sum::<f64>()
        / n;
    var.sqrt()
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
    fn sharpness_does_not_follow_the_light() {
        for n in 1..=3 {
            let sharp = measured(&format!("sharp-{n}.png"));
            let dark = measured(&format!("dark-{n}.png"));
            let bright_blurry = measured(&format!("bright-blurry-{n}.png"));
            // Dark but in focus stays sharp; bright but out of focus stays blurry.
            assert!(
                dark.sharpness > 0.5 * sharp.sharpness,
                "{n}: {dark:?} {sharp:?}"
            );
            assert!(
                bright_blurry.sharpness < 0.1 * sharp.sharpness,
                "{n}: {bright_blurry:?}"
            );
            assert!(bright_blurry.brightness > sharp.brightness, "{n}");
        }
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

    #[test]
    fn images_over_the_pixel_limit_are_refused_from_their_header() {
        // 8 000 × 7 000: each side within the limit, 56 megapixels in all.
        match measure_bytes(&samples::png_header(8_000, 7_000)) {
            Photo::Unreadable(reason) => assert_eq!(
                reason,
                "the image is 8000×7000 (56 megapixels), over the 50-megapixel limit"
            ),
            other => panic!("{other:?}"),
        }
        // A 16-bit RGBA image is stripped to 8 bits: 7 000 × 7 000 fits.
        let mut header = samples::png_header(7_000, 7_000);
        header[24] = 16;
        header[25] = 6;
        let crc = crc32fast::hash(&header[12..29]);
        header[29..33].copy_from_slice(&crc.to_be_bytes());
        match measure_bytes(&header) {
            Photo::Unreadable(reason) => assert!(!reason.contains("limit"), "{reason}"),
            other => panic!("{other:?}"),
        }
    }
}
