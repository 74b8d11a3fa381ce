//! Drawn demo photos: a document with its printed fields and MRZ, and a face placeholder.
//! Never blank, so that the dashboard and the PDF show something recognisable.

use font8x8::UnicodeFonts;
use image::{ImageFormat, Rgb, RgbImage};

const INK: Rgb<u8> = Rgb([30, 34, 48]);
const PAPER: Rgb<u8> = Rgb([238, 236, 226]);
const GLYPH: u32 = 8;

/// What the front of a demo document shows.
pub struct DocumentCard<'a> {
    pub title: &'a str,
    pub state: &'a str,
    pub lines: Vec<(&'a str, String)>,
    pub mrz: &'a [String],
    pub accent: Rgb<u8>,
    pub face_seed: u64,
}

pub fn document_front(card: &DocumentCard<'_>) -> Vec<u8> {
    let mrz_width = card.mrz.iter().map(|line| line.len() as u32).max().unwrap_or(30) * GLYPH * 2;
    let (width, height) = ((mrz_width + 48).max(640), 440);
    let mut image = RgbImage::from_pixel(width, height, PAPER);
    fill_rect(&mut image, 0, 0, width, 56, card.accent);
    draw_text(&mut image, 20, 14, &format!("{} - {}", card.title, card.state), 3, Rgb([255, 255, 255]));
    draw_face(&mut image, 24, 76, 150, 190, card.face_seed);
    for (row, (label, value)) in card.lines.iter().enumerate() {
        let y = 80 + row as u32 * 34;
        draw_text(&mut image, 200, y, label, 1, Rgb([110, 110, 120]));
        draw_text(&mut image, 200, y + 11, value, 2, INK);
    }
    draw_mrz(&mut image, card.mrz, height);
    encode_jpeg(&image)
}

pub fn document_back(mrz: &[String], accent: Rgb<u8>) -> Vec<u8> {
    let width = (mrz.iter().map(|line| line.len() as u32).max().unwrap_or(30) * GLYPH * 2 + 48).max(640);
    let height = 404;
    let mut image = RgbImage::from_pixel(width, height, PAPER);
    fill_rect(&mut image, 0, 0, width, 24, accent);
    for stripe in 0..6 {
        fill_rect(&mut image, 24, 60 + stripe * 22, width / 2, 6, Rgb([205, 200, 188]));
    }
    draw_mrz(&mut image, mrz, height);
    encode_jpeg(&image)
}

pub fn selfie(seed: u64) -> Vec<u8> {
    let mut image = RgbImage::from_pixel(360, 480, Rgb([200, 210, 222]));
    draw_face(&mut image, 30, 40, 300, 420, seed);
    encode_jpeg(&image)
}

fn draw_mrz(image: &mut RgbImage, mrz: &[String], height: u32) {
    let band_top = height - (mrz.len() as u32 * 22 + 24);
    fill_rect(image, 0, band_top, image.width(), height - band_top, Rgb([250, 250, 246]));
    for (row, line) in mrz.iter().enumerate() {
        draw_text(image, 24, band_top + 12 + row as u32 * 22, line, 2, INK);
    }
}

/// A head-and-shoulders silhouette whose colours follow the seed.
fn draw_face(image: &mut RgbImage, x: u32, y: u32, width: u32, height: u32, seed: u64) {
    let skin_tones = [[241, 194, 125], [224, 172, 105], [198, 134, 66], [141, 85, 36], [255, 219, 172]];
    let hair_tones = [[44, 34, 43], [113, 99, 90], [183, 166, 158], [80, 50, 30], [20, 20, 20]];
    let skin = Rgb(skin_tones[(seed % 5) as usize]);
    let hair = Rgb(hair_tones[((seed / 5) % 5) as usize]);
    let channel = |factor: u64, range: u64, floor: u8| (seed.wrapping_mul(factor) % range) as u8 + floor;
    let shirt = Rgb([channel(37, 200, 30), channel(91, 160, 40), channel(53, 180, 50)]);
    fill_rect(image, x, y, width, height, Rgb([214, 222, 232]));
    let (cx, head_cy) = (x + width / 2, y + height * 2 / 5);
    fill_ellipse(image, cx, y + height, width / 2, height * 3 / 10, shirt);
    fill_ellipse(image, cx, head_cy - height / 14, width * 3 / 10, height / 4, hair);
    fill_ellipse(image, cx, head_cy, width / 4, height * 3 / 10, skin);
    fill_ellipse(image, cx - width / 10, head_cy - height / 20, width / 40 + 1, height / 60 + 1, INK);
    fill_ellipse(image, cx + width / 10, head_cy - height / 20, width / 40 + 1, height / 60 + 1, INK);
    fill_rect(image, cx - width / 12, head_cy + height / 8, width / 6, (height / 80).max(2), Rgb([150, 60, 60]));
}

fn fill_rect(image: &mut RgbImage, x: u32, y: u32, width: u32, height: u32, color: Rgb<u8>) {
    for py in y..(y + height).min(image.height()) {
        for px in x..(x + width).min(image.width()) {
            image.put_pixel(px, py, color);
        }
    }
}

fn fill_ellipse(image: &mut RgbImage, cx: u32, cy: u32, rx: u32, ry: u32, color: Rgb<u8>) {
    let (rx, ry) = (rx.max(1) as f64, ry.max(1) as f64);
    let (cx, cy) = (cx as f64, cy as f64);
    let top = (cy - ry).max(0.0) as u32;
    let bottom = ((cy + ry) as u32).min(image.height());
    for py in top..bottom {
        let dy = (py as f64 - cy) / ry;
        let half = rx * (1.0 - dy * dy).max(0.0).sqrt();
        let left = (cx - half).max(0.0) as u32;
        let right = ((cx + half) as u32).min(image.width());
        for px in left..right {
            image.put_pixel(px, py, color);
        }
    }
}

/// Draws text with the public-domain 8x8 bitmap font, scaled; characters it lacks are skipped.
fn draw_text(image: &mut RgbImage, x: u32, y: u32, text: &str, scale: u32, color: Rgb<u8>) {
    for (index, character) in text.chars().enumerate() {
        let Some(glyph) = font8x8::BASIC_FONTS.get(character) else { continue };
        let left = x + index as u32 * GLYPH * scale;
        for (row, bits) in glyph.iter().enumerate() {
            for column in 0..8 {
                if bits & (1 << column) != 0 {
                    fill_rect(image, left + column * scale, y + row as u32 * scale, scale, scale, color);
                }
            }
        }
    }
}

fn encode_jpeg(image: &RgbImage) -> Vec<u8> {
    let mut bytes = std::io::Cursor::new(Vec::new());
    // Encoding an in-memory RGB image to JPEG cannot fail short of running out of memory.
    if image.write_to(&mut bytes, ImageFormat::Jpeg).is_err() {
        return Vec::new();
    }
    bytes.into_inner()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_selfie_is_a_jpeg_that_is_not_blank() {
        let bytes = selfie(7);
        assert_eq!(crate::blobs::sniff_image_type(&bytes), Some("image/jpeg"));
        let decoded = image::load_from_memory(&bytes).expect("decodes").to_rgb8();
        let first = *decoded.get_pixel(0, 0);
        assert!(decoded.pixels().any(|pixel| *pixel != first));
    }
}
