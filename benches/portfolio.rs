//! A 20-photo portfolio of 12-megapixel JPEGs, checked by the real binary
//! (start-up, decoding, measuring on both cores, report). The photos are
//! made once into `target/bench-data/portfolio-12mp`. Run with
//! `cargo bench --bench portfolio`.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use image::imageops::{FilterType, resize};
use image::{DynamicImage, ImageFormat, Rgb, RgbImage};

const PHOTOS: usize = 20;
const WIDTH: u32 = 4000;
const HEIGHT: u32 = 3000;
const RUNS: usize = 5;

/// A photo-like 12 MP picture: a sample pattern blown up, with colour and
/// fine grain so the JPEG is as heavy as a camera's.
fn photo(n: usize) -> RgbImage {
    let Some(pitchlint::portfolio::samples::Sample::Image(base)) =
        pitchlint::portfolio::samples::sample(&format!("sharp-{}.png", n + 1))
    else {
        panic!("sample exists");
    };
    let grey = resize(&base.to_luma8(), WIDTH, HEIGHT, FilterType::Triangle);
    RgbImage::from_fn(WIDTH, HEIGHT, |x, y| {
        let v = grey.get_pixel(x, y).0[0];
        let mut h = x.wrapping_mul(0x9E37_79B9) ^ y.wrapping_mul(0x85EB_CA6B);
        h ^= h >> 15;
        h = h.wrapping_mul(0x2C1B_3C6D);
        h ^= h >> 12;
        let grain = (h % 48) as u8;
        Rgb([
            v.saturating_add(grain),
            v.saturating_add(grain / 2),
            v.saturating_sub(grain / 3),
        ])
    })
}

fn prepare(dir: &Path) -> PathBuf {
    let manifest = dir.join("portfolio.yaml");
    if manifest.exists() {
        return manifest;
    }
    std::fs::create_dir_all(dir).unwrap();
    let mut text = String::from("lang: en\nitems:\n");
    for n in 0..PHOTOS {
        let name = format!("photo-{:02}.jpg", n + 1);
        DynamicImage::ImageRgb8(photo(n))
            .save_with_format(dir.join(&name), ImageFormat::Jpeg)
            .unwrap();
        text.push_str(&format!(
            "  - photo: {name}\n    caption: Quartz countertop, fabricated and installed in 10 days\n"
        ));
    }
    std::fs::write(&manifest, text).unwrap();
    manifest
}

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-data/portfolio-12mp");
    let manifest = prepare(&dir);
    let bytes: u64 = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok()?.metadata().ok())
        .map(|m| m.len())
        .sum();
    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            let out = Command::new(env!("CARGO_BIN_EXE_pitchlint"))
                .args(["check", manifest.to_str().unwrap(), "--format", "json"])
                .output()
                .unwrap();
            assert!(out.status.code().is_some_and(|c| c < 2));
            start.elapsed()
        })
        .collect();
    times.sort();
    println!(
        "portfolio: {PHOTOS} JPEGs of {WIDTH}×{HEIGHT} ({:.0} MB): median {:.2} s, best {:.2} s over {RUNS} runs",
        bytes as f64 / 1e6,
        times[RUNS / 2].as_secs_f64(),
        times[0].as_secs_f64()
    );
}
