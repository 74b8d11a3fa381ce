//! The PDF adapter: lays a [`Report`] out as an A4 print form with genpdf. The only module that
//! names genpdf (and printpdf, its backend); what the report says is decided in
//! `kyc_domain::report`.
//!
//! - Fonts: subset DejaVu Sans, regular and bold, embedded in the binary (`assets/fonts/`, see
//!   its README), so Georgian and Cyrillic print without any system font. The MRZ prints in the
//!   PDF's built-in Courier (its alphabet is ASCII), measured with DejaVu Sans Mono's metrics.
//! - Photos: decoded with `image` 0.25, scaled to print size and handed to genpdf as 8-bit RGB
//!   (genpdf refuses images with an alpha channel and decodes with its own, older `image`).
//! - Every page carries a footer with the record hash, the verification code and "Page n of m".
//!   genpdf decorates a page before it knows how many follow, so the layout runs twice: a draft
//!   pass that prints nothing (same fonts' metrics, no embedded fonts, empty boxes for photos)
//!   counts the pages, then the real pass prints. All text goes through [`Text`], which breaks
//!   lines the same way in both passes. The draft and the photo conversions run on their own
//!   threads while the print pass embeds its fonts; the print pass waits for the page count at
//!   its first page and for each photo where it prints it.
//! - Cost: printpdf 0.3 maps each embedded font by looking up every Unicode scalar value (about
//!   1.1 million look-ups per face), which was by far the largest part of a render. The
//!   workspace patches genpdf (`backend/vendor/genpdf/PATCHES.md`) to look up the Basic
//!   Multilingual Plane only, where our subset fonts live; still, two embedded faces, not five.

use std::cell::Cell;
use std::io::Cursor;
use std::rc::Rc;
use std::sync::{OnceLock, mpsc};

use genpdf::elements::{CellDecorator, Image, LinearLayout, PaddedElement, TableLayout};
use genpdf::error::{Error as GenpdfError, ErrorKind};
use genpdf::fonts::{FontCache, FontData, FontFamily};
use genpdf::render::Area;
use genpdf::style::{Color, Style};
use genpdf::{Alignment, Context, Document, Element, Margins, Mm, PageDecorator, Position, RenderResult, Size};
use kyc_domain::report::{Block, Footer, Mark, Report, ReportPhoto, Row, TableRow};
use printpdf::BuiltinFont;

const MARGIN_SIDE_MM: f64 = 16.0;
const MARGIN_TOP_MM: f64 = 13.0;
const MARGIN_BOTTOM_MM: f64 = 10.0;
/// Room for the footer's rule and four lines of footer text: hash, code, and the verify hint,
/// which wraps to a second line in Georgian (see the test of the widest code).
const FOOTER_HEIGHT_MM: f64 = 14.5;
/// Space between the footer's rule and its first line.
const FOOTER_RULE_GAP_MM: f64 = 1.2;
/// Horizontal padding inside a table cell, each side.
const CELL_PAD_MM: f64 = 1.2;
/// Photos print at this resolution: enough for a 56 mm picture on paper. genpdf stores photos as
/// deflated raw pixels (no JPEG pass-through), so pixels cost file size and render time.
const PHOTO_DPI: f64 = 150.0;
const PHOTO_BOX_WIDTH_MM: f64 = 56.0;
const PHOTO_BOX_HEIGHT_MM: f64 = 46.0;

const BODY_SIZE: u8 = 9;
const SMALL_SIZE: u8 = 8;
const FOOTER_SIZE: u8 = 7;

const INK: Color = Color::Rgb(25, 28, 36);
const HEADING: Color = Color::Rgb(18, 52, 96);
const GREY: Color = Color::Rgb(105, 110, 120);
const RULE: Color = Color::Rgb(200, 204, 212);
const RULE_DARK: Color = Color::Rgb(120, 128, 140);
const GOOD: Color = Color::Rgb(0, 112, 60);
const BAD: Color = Color::Rgb(180, 20, 30);
const WARNING: Color = Color::Rgb(166, 94, 0);

static SANS: &[u8] = include_bytes!("../assets/fonts/DejaVuSans.ttf");
static SANS_BOLD: &[u8] = include_bytes!("../assets/fonts/DejaVuSans-Bold.ttf");
static MONO: &[u8] = include_bytes!("../assets/fonts/DejaVuSansMono.ttf");

#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("the embedded fonts could not be loaded: {0}")]
    Fonts(String),
    #[error("the PDF could not be rendered: {0}")]
    Render(String),
}

impl From<GenpdfError> for PdfError {
    fn from(error: GenpdfError) -> PdfError {
        PdfError::Render(error.to_string())
    }
}

/// A rendered report.
#[derive(Debug, Clone)]
pub struct RenderedPdf {
    pub bytes: Vec<u8>,
    pub pages: usize,
}

/// The font families of both passes. Faces the report never uses (italics) and the draft's
/// faces are built-in PDF fonts: genpdf measures them with the DejaVu metrics given, and they
/// cost nothing to embed.
struct Fonts {
    print: FontFamily<FontData>,
    draft: FontFamily<FontData>,
    mono: FontFamily<FontData>,
}

/// The parsed fonts, loaded once per process; each document gets a clone.
fn fonts() -> Result<&'static Fonts, PdfError> {
    static FONTS: OnceLock<Result<Fonts, String>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let load = |bytes: &[u8], builtin: Option<BuiltinFont>| {
                FontData::new(bytes.to_vec(), builtin).map_err(|error| error.to_string())
            };
            let unused_italic = load(SANS, Some(BuiltinFont::HelveticaOblique))?;
            let unused_bold_italic = load(SANS_BOLD, Some(BuiltinFont::HelveticaBoldOblique))?;
            Ok(Fonts {
                print: FontFamily {
                    regular: load(SANS, None)?,
                    bold: load(SANS_BOLD, None)?,
                    italic: unused_italic.clone(),
                    bold_italic: unused_bold_italic.clone(),
                },
                draft: FontFamily {
                    regular: load(SANS, Some(BuiltinFont::Helvetica))?,
                    bold: load(SANS_BOLD, Some(BuiltinFont::HelveticaBold))?,
                    italic: unused_italic,
                    bold_italic: unused_bold_italic,
                },
                mono: FontFamily {
                    regular: load(MONO, Some(BuiltinFont::Courier))?,
                    bold: load(MONO, Some(BuiltinFont::CourierBold))?,
                    italic: load(MONO, Some(BuiltinFont::CourierOblique))?,
                    bold_italic: load(MONO, Some(BuiltinFont::CourierBoldOblique))?,
                },
            })
        })
        .as_ref()
        .map_err(|error| PdfError::Fonts(error.clone()))
}

/// A photo converted for print: binary PPM (8-bit RGB) at [`PHOTO_DPI`] and its print size, or
/// why it could not be read.
type Converted = Result<(Vec<u8>, Size), String>;

/// Renders the report: A4, fonts embedded, photos scaled, a footer on every page.
pub fn render(report: &Report) -> Result<RenderedPdf, PdfError> {
    let fonts = fonts()?;
    let pages_printed = Rc::new(Cell::new(0));
    let (pages_drafted, bytes) = std::thread::scope(|scope| {
        let (draft_sender, draft_pages) = mpsc::channel();
        let drafting = scope.spawn(move || {
            let pages = draft(report, fonts);
            // Sending fails only when the print pass already stopped with an error of its own.
            let _ = draft_sender.send(pages.clone());
            pages
        });
        let photos: Vec<Photo> = report
            .photos
            .iter()
            .map(|photo| {
                let (sender, converted) = mpsc::channel();
                scope.spawn(move || {
                    let _ = sender.send(print_photo(photo));
                });
                Photo { caption: photo.caption.clone(), converted: Some(converted) }
            })
            .collect();
        let document = document(report, fonts, photos, Pages::Pending(draft_pages), Rc::clone(&pages_printed))?;
        let mut bytes = Vec::with_capacity(256 * 1024);
        document.render(&mut bytes)?;
        let drafted = drafting
            .join()
            .map_err(|_| PdfError::Render("the draft pass panicked".into()))?
            .map_err(PdfError::Render)?;
        Ok::<_, PdfError>((drafted, bytes))
    })?;
    if pages_drafted != pages_printed.get() {
        return Err(PdfError::Render(format!("printed {} pages, the draft had {}", pages_printed.get(), pages_drafted)));
    }
    Ok(RenderedPdf { bytes, pages: pages_printed.get() })
}

/// The draft pass: lays the report out with unembedded fonts, prints nothing, counts the pages.
fn draft(report: &Report, fonts: &Fonts) -> Result<usize, String> {
    let counted = Rc::new(Cell::new(0));
    let photos = report.photos.iter().map(|photo| Photo { caption: photo.caption.clone(), converted: None }).collect();
    let document = document(report, fonts, photos, Pages::Draft, Rc::clone(&counted)).map_err(|error| error.to_string())?;
    document.render(std::io::sink()).map_err(|error| error.to_string())?;
    Ok(counted.get())
}

/// A photo slot: its caption and, in the print pass, where its conversion arrives. Every photo
/// sits in a box of fixed height, so the draft's layout does not depend on the photos.
struct Photo {
    caption: String,
    converted: Option<mpsc::Receiver<Converted>>,
}

/// How many pages the report has, as the page decorator learns it.
enum Pages {
    /// The draft pass: not known.
    Draft,
    /// The print pass, before its first page: the draft's count arrives here.
    Pending(mpsc::Receiver<Result<usize, String>>),
    Known(usize),
}

impl Pages {
    fn total(&mut self) -> Result<Option<usize>, GenpdfError> {
        if let Pages::Pending(receiver) = self {
            let counted = receiver.recv().map_err(|_| "the draft pass stopped".to_owned()).and_then(|pages| pages);
            *self = Pages::Known(counted.map_err(|error| GenpdfError::new(error, ErrorKind::Internal))?);
        }
        Ok(match self {
            Pages::Known(pages) => Some(*pages),
            _ => None,
        })
    }
}

/// Lays the report out for one pass.
fn document(
    report: &Report,
    fonts: &Fonts,
    photos: Vec<Photo>,
    pages: Pages,
    pages_seen: Rc<Cell<usize>>,
) -> Result<Document, PdfError> {
    let print = !matches!(pages, Pages::Draft);
    let mut doc = Document::new(if print { fonts.print.clone() } else { fonts.draft.clone() });
    let mono = doc.add_font_family(fonts.mono.clone());
    doc.set_title(format!("{} {}", report.title, report.footer.code));
    doc.set_minimal_conformance();
    doc.set_font_size(BODY_SIZE);
    doc.set_line_spacing(1.15);
    doc.set_page_decorator(PageFrame {
        footer: report.footer.clone(),
        running_header: report.running_header.clone(),
        pages,
        page: 0,
        pages_seen,
        print,
    });
    let layout = Layout { print, mono: Style::new().with_font_family(mono) };
    let mut body = LinearLayout::vertical();
    body.push(layout.title_block(report));
    body.push(layout.photos(report, photos));
    for section in &report.sections {
        let mut blocks = section.blocks.iter();
        let first = blocks.next().map(|block| layout.block(block)).transpose()?;
        body.push(KeepWithNext::new(layout.section_title(&section.title), first, Mm::from(28.0)));
        for block in blocks {
            body.push(PaddedElement::new(Dyn(layout.block(block)?), Margins::trbl(2.5, 0, 0, 0)));
        }
    }
    doc.push(body);
    Ok(doc)
}

/// Builds the elements of one pass.
struct Layout {
    print: bool,
    mono: Style,
}

impl Layout {
    fn title_block(&self, report: &Report) -> LinearLayout {
        let mut block = LinearLayout::vertical();
        let title_style = Style::new().bold().with_font_size(17).with_color(HEADING);
        block.push(self.text(&report.title, title_style));
        block.push(Gap(Mm::from(0.8)));
        let subtitle_style = Style::new().with_font_size(10).with_color(INK);
        block.push(self.text(&report.subtitle, subtitle_style));
        block.push(Gap(Mm::from(1.5)));
        block.push(Rule { color: HEADING });
        block.push(Gap(Mm::from(1.5)));
        // Two label/value pairs per line.
        let weights = vec![14, 26, 14, 26];
        let mut table = TableLayout::new(weights.clone());
        table.set_cell_decorator(RowRules { header: false });
        for pair in report.header.chunks(2) {
            let mut cells: Vec<Box<dyn Element>> = Vec::new();
            for row in pair {
                cells.push(Box::new(self.cell(&row.label, self.label_style())));
                cells.push(Box::new(self.cell(&row.value, mark_style(row.mark).bold())));
            }
            while cells.len() < weights.len() {
                cells.push(Box::new(self.text("", Style::new())));
            }
            // The column count matches by construction.
            let _ = table.push_row(cells);
        }
        block.push(table);
        block
    }

    fn photos(&self, report: &Report, photos: Vec<Photo>) -> LinearLayout {
        let mut block = LinearLayout::vertical();
        block.push(self.section_title(&report.photos_title));
        if photos.is_empty() {
            block.push(self.text(&report.no_photos, mark_style(Mark::Muted)));
            return block;
        }
        let mut table = TableLayout::new(vec![1, 1, 1]);
        let mut cells: Vec<Box<dyn Element>> = Vec::new();
        for photo in photos.into_iter().take(3) {
            let mut cell = LinearLayout::vertical();
            let notice = self.text("", mark_style(Mark::Muted));
            cell.push(PhotoBox { converted: photo.converted, notice, height: Mm::from(PHOTO_BOX_HEIGHT_MM) });
            let caption = Style::new().with_font_size(SMALL_SIZE).with_color(GREY);
            cell.push(Gap(Mm::from(1.0)));
            cell.push(self.text(&photo.caption, caption).aligned(Alignment::Center));
            cells.push(Box::new(cell));
        }
        while cells.len() < 3 {
            cells.push(Box::new(self.text("", Style::new())));
        }
        let _ = table.push_row(cells);
        block.push(PaddedElement::new(table, Margins::trbl(1.0, 0, 0, 0)));
        block
    }

    fn section_title(&self, title: &str) -> LinearLayout {
        let mut block = LinearLayout::vertical();
        block.push(Gap(Mm::from(5.0)));
        let style = Style::new().bold().with_font_size(11).with_color(HEADING);
        block.push(self.text(title, style));
        block.push(Gap(Mm::from(0.8)));
        block.push(Rule { color: HEADING });
        block.push(Gap(Mm::from(1.2)));
        block
    }

    fn block(&self, block: &Block) -> Result<Box<dyn Element>, PdfError> {
        Ok(match block {
            Block::Rows(rows) => Box::new(self.rows(rows)),
            Block::Table { columns, rows } => {
                let weights: Vec<usize> = columns.iter().map(|column| column.weight).collect();
                let titles: Vec<&str> = columns.iter().map(|column| column.title.as_str()).collect();
                Box::new(self.table(&weights, &titles, rows)?)
            }
            Block::Paragraph { text, mark } => Box::new(self.text(text, mark_style(*mark))),
            Block::Monospace(lines) => {
                let mut layout = LinearLayout::vertical();
                for line in lines {
                    let style = self.mono.with_font_size(10).with_color(INK);
                    layout.push(self.text(line, style));
                }
                Box::new(PaddedElement::new(layout, Margins::trbl(2.0, 0, 1.0, 2.0)))
            }
        })
    }

    fn rows(&self, rows: &[Row]) -> TableLayout {
        let weights = vec![30, 70];
        let mut table = TableLayout::new(weights.clone());
        table.set_cell_decorator(RowRules { header: false });
        for row in rows {
            let cells: Vec<Box<dyn Element>> = vec![
                Box::new(self.cell(&row.label, self.label_style())),
                Box::new(self.cell(&row.value, mark_style(row.mark))),
            ];
            let _ = table.push_row(cells);
        }
        table
    }

    fn table(&self, weights: &[usize], titles: &[&str], rows: &[TableRow]) -> Result<TableLayout, PdfError> {
        let mut table = TableLayout::new(weights.to_vec());
        table.set_cell_decorator(RowRules { header: true });
        let header_style = Style::new().bold().with_font_size(SMALL_SIZE).with_color(GREY);
        let header: Vec<Box<dyn Element>> = titles
            .iter()
            .map(|title| Box::new(self.cell(title, header_style)) as Box<dyn Element>)
            .collect();
        table.push_row(header)?;
        for row in rows {
            let style = mark_style(row.mark).with_font_size(SMALL_SIZE);
            let cells: Vec<Box<dyn Element>> = row
                .cells
                .iter()
                .map(|text| Box::new(self.cell(text, style)) as Box<dyn Element>)
                .collect();
            table.push_row(cells)?;
        }
        Ok(table)
    }

    fn label_style(&self) -> Style {
        Style::new().with_font_size(SMALL_SIZE).with_color(GREY)
    }

    /// A table cell: padded text.
    fn cell(&self, text: &str, style: Style) -> PaddedElement<Text> {
        PaddedElement::new(self.text(text, style), Margins::trbl(1.1, CELL_PAD_MM, 1.1, CELL_PAD_MM))
    }

    fn text(&self, text: &str, style: Style) -> Text {
        Text::new(text, style, self.print)
    }
}

fn mark_style(mark: Mark) -> Style {
    match mark {
        Mark::Plain => Style::new().with_color(INK),
        Mark::Good => Style::new().with_color(GOOD),
        Mark::Bad => Style::new().bold().with_color(BAD),
        Mark::Warning => Style::new().with_color(WARNING),
        Mark::Muted => Style::new().with_color(GREY),
    }
}

/// Decodes a stored photo (JPEG, PNG or WebP, any colour type), scales it into the photo box at
/// [`PHOTO_DPI`] and hands it on as 8-bit RGB in binary PPM: no alpha channel (which genpdf
/// refuses), nothing lost, and nothing for genpdf's own `image` 0.23 to decode but a header.
fn print_photo(photo: &ReportPhoto) -> Converted {
    let decoded = image::load_from_memory(&photo.bytes)
        .map_err(|_| format!("{}: the image could not be read", photo.kind.as_str()))?;
    let max_width = (PHOTO_BOX_WIDTH_MM / 25.4 * PHOTO_DPI) as u32;
    let max_height = (PHOTO_BOX_HEIGHT_MM / 25.4 * PHOTO_DPI) as u32;
    let scaled = if decoded.width() > max_width || decoded.height() > max_height {
        decoded.thumbnail(max_width, max_height)
    } else {
        decoded
    };
    let rgb = scaled.to_rgb8();
    let mut ppm = format!("P6\n{} {}\n255\n", rgb.width(), rgb.height()).into_bytes();
    ppm.extend_from_slice(rgb.as_raw());
    let size = Size::new(f64::from(rgb.width()) * 25.4 / PHOTO_DPI, f64::from(rgb.height()) * 25.4 / PHOTO_DPI);
    Ok((ppm, size))
}

/// A photo at the bottom of a box of fixed height, so photos of different shapes share one
/// baseline for their captions; a photo that could not be read prints as a notice. In the print
/// pass it waits here for its conversion; in the draft it is an empty box.
struct PhotoBox {
    converted: Option<mpsc::Receiver<Converted>>,
    notice: Text,
    height: Mm,
}

impl Element for PhotoBox {
    fn render(&mut self, context: &Context, mut area: Area<'_>, style: Style) -> Result<RenderResult, GenpdfError> {
        let result = RenderResult { size: Size::new(area.size().width, self.height), has_more: false };
        let Some(converted) = self.converted.take() else { return Ok(result) };
        match converted.recv().unwrap_or_else(|_| Err("the photo could not be converted".to_owned())) {
            Ok((ppm, size)) => {
                let mut image =
                    Image::from_reader(Cursor::new(ppm))?.with_dpi(PHOTO_DPI).with_alignment(Alignment::Center);
                if self.height > size.height {
                    area.add_offset(Position::new(0, self.height - size.height));
                }
                image.render(context, area, style)?;
            }
            Err(problem) => {
                self.notice.text = problem;
                self.notice.render(context, area, style)?;
            }
        }
        Ok(result)
    }
}

/// Margins, the running header on every page but the first, and the footer on every page.
struct PageFrame {
    footer: Footer,
    running_header: String,
    pages: Pages,
    page: usize,
    pages_seen: Rc<Cell<usize>>,
    print: bool,
}

impl PageDecorator for PageFrame {
    fn decorate_page<'a>(&mut self, context: &Context, mut area: Area<'a>, style: Style) -> Result<Area<'a>, GenpdfError> {
        self.page += 1;
        self.pages_seen.set(self.page);
        area.add_margins(Margins::trbl(MARGIN_TOP_MM, MARGIN_SIDE_MM, MARGIN_BOTTOM_MM, MARGIN_SIDE_MM));
        let full_height = area.size().height;

        let mut footer = area.clone();
        footer.add_offset(Position::new(0, full_height - Mm::from(FOOTER_HEIGHT_MM)));
        footer.set_height(Mm::from(FOOTER_HEIGHT_MM));
        Rule { color: RULE_DARK }.render(context, footer.clone(), style)?;
        footer.add_offset(Position::new(0, Mm::from(FOOTER_RULE_GAP_MM)));
        let small = style.with_font_size(FOOTER_SIZE).with_color(GREY);
        let line_height = small.line_height(&context.font_cache);
        let page_line = self.footer.page_line(self.page, self.pages.total()?);
        Text::new(&page_line, small.bold().with_color(INK), self.print)
            .aligned(Alignment::Right)
            .render(context, footer.clone(), small)?;
        Text::new(&self.footer.hash_line(), small, self.print).render(context, footer.clone(), small)?;
        footer.add_offset(Position::new(0, line_height));
        Text::new(&self.footer.code_line(), small.bold().with_color(INK), self.print).render(context, footer.clone(), small)?;
        footer.add_offset(Position::new(0, line_height));
        Text::new(&self.footer.verify_hint, small, self.print).render(context, footer, small)?;

        area.set_height(full_height - Mm::from(FOOTER_HEIGHT_MM + 3.0));
        if self.page > 1 {
            let header = Text::new(&self.running_header, small, self.print).render(context, area.clone(), small)?;
            area.add_offset(Position::new(0, header.size.height + Mm::from(1.0)));
            Rule { color: RULE }.render(context, area.clone(), style)?;
            area.add_offset(Position::new(0, Mm::from(2.0)));
        }
        Ok(area)
    }
}

/// Text broken into lines that fit the area: at spaces, inside a word only when the word alone
/// is wider than the area (genpdf's own paragraph drops everything after such a word), and at
/// every `\n`. The draft pass measures and advances without printing.
struct Text {
    text: String,
    style: Style,
    alignment: Alignment,
    print: bool,
    /// The lines, made at the first render (the width is known then), and how many are done.
    lines: Option<Vec<String>>,
    done: usize,
}

impl Text {
    fn new(text: &str, style: Style, print: bool) -> Text {
        Text { text: text.to_owned(), style, alignment: Alignment::Left, print, lines: None, done: 0 }
    }

    fn aligned(mut self, alignment: Alignment) -> Text {
        self.alignment = alignment;
        self
    }
}

impl Element for Text {
    fn render(&mut self, context: &Context, area: Area<'_>, style: Style) -> Result<RenderResult, GenpdfError> {
        let style = style.and(self.style);
        let cache = &context.font_cache;
        let width = area.size().width;
        let text = &self.text;
        let lines = self.lines.get_or_insert_with(|| break_lines(text, style, width, cache));
        let line_height = style.line_height(cache);
        let mut result = RenderResult { size: Size::new(width, 0), has_more: false };
        while let Some(line) = lines.get(self.done) {
            if result.size.height + line_height > area.size().height {
                result.has_more = true;
                break;
            }
            if self.print && !line.is_empty() {
                let x = match self.alignment {
                    Alignment::Left => Mm::from(0.0),
                    Alignment::Center => (width - style.str_width(cache, line)) / 2.0,
                    Alignment::Right => width - style.str_width(cache, line),
                };
                area.print_str(cache, Position::new(x, result.size.height), style, line)?;
            }
            result.size.height += line_height;
            self.done += 1;
        }
        Ok(result)
    }
}

/// The lines of `text` at `width`; control characters print as spaces.
fn break_lines(text: &str, style: Style, width: Mm, cache: &FontCache) -> Vec<String> {
    let fits = |s: &str| style.str_width(cache, s) <= width;
    let mut lines = Vec::new();
    for source in text.split('\n') {
        let source: String = source.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
        let mut line = String::new();
        for word in source.split(' ').filter(|word| !word.is_empty()) {
            let candidate = if line.is_empty() { word.to_owned() } else { format!("{line} {word}") };
            if fits(&candidate) {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            for c in word.chars() {
                line.push(c);
                if !fits(&line) && line.chars().count() > 1 {
                    line.pop();
                    lines.push(std::mem::replace(&mut line, c.to_string()));
                }
            }
        }
        lines.push(line);
    }
    if lines.len() == 1 && lines[0].is_empty() {
        lines.clear();
    }
    lines
}

/// A boxed element of any kind, as an element.
struct Dyn(Box<dyn Element>);

impl Element for Dyn {
    fn render(&mut self, context: &Context, area: Area<'_>, style: Style) -> Result<RenderResult, GenpdfError> {
        self.0.render(context, area, style)
    }
}

/// A full-width horizontal line.
struct Rule {
    color: Color,
}

impl Element for Rule {
    fn render(&mut self, _: &Context, area: Area<'_>, _: Style) -> Result<RenderResult, GenpdfError> {
        let width = area.size().width;
        area.draw_line(vec![Position::new(0, 0), Position::new(width, 0)], Style::new().with_color(self.color));
        Ok(RenderResult { size: Size::new(width, Mm::from(0.3)), has_more: false })
    }
}

/// Empty vertical space of a fixed height.
struct Gap(Mm);

impl Element for Gap {
    fn render(&mut self, _: &Context, area: Area<'_>, _: Style) -> Result<RenderResult, GenpdfError> {
        if area.size().height < self.0 {
            return Ok(RenderResult { size: Size::new(0, 0), has_more: false });
        }
        Ok(RenderResult { size: Size::new(area.size().width, self.0), has_more: false })
    }
}

/// A section's title kept on the same page as the start of its first block: when less than
/// `min_space` is left, both move to the next page.
struct KeepWithNext {
    title: LinearLayout,
    first: Option<Box<dyn Element>>,
    min_space: Mm,
    title_done: bool,
    deferred: bool,
}

impl KeepWithNext {
    fn new(title: LinearLayout, first: Option<Box<dyn Element>>, min_space: Mm) -> KeepWithNext {
        KeepWithNext { title, first, min_space, title_done: false, deferred: false }
    }
}

impl Element for KeepWithNext {
    fn render(&mut self, context: &Context, mut area: Area<'_>, style: Style) -> Result<RenderResult, GenpdfError> {
        let mut result = RenderResult { size: Size::new(area.size().width, 0), has_more: false };
        if !self.title_done {
            if area.size().height < self.min_space && !self.deferred {
                self.deferred = true;
                return Ok(RenderResult { size: Size::new(0, 0), has_more: true });
            }
            let title = self.title.render(context, area.clone(), style)?;
            area.add_offset(Position::new(0, title.size.height));
            result.size.height += title.size.height;
            self.title_done = true;
        }
        if let Some(first) = &mut self.first {
            let body = first.render(context, area, style)?;
            result.size.height += body.size.height;
            result.has_more = body.has_more;
        }
        Ok(result)
    }
}

/// Light rules under every row; a darker one under a header row.
struct RowRules {
    header: bool,
}

impl CellDecorator for RowRules {
    fn decorate_cell(&mut self, _column: usize, row: usize, has_more: bool, area: Area<'_>, _style: Style) {
        if has_more {
            return;
        }
        let size = area.size();
        let color = if self.header && row == 0 { RULE_DARK } else { RULE };
        area.draw_line(
            vec![Position::new(0, size.height), Position::new(size.width, size.height)],
            Style::new().with_color(color),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kyc_domain::report::{
        ExportFacts, Language, Photo, PhotoKind, SessionFacts, VerificationCode, build_report,
    };

    fn report(photos: Vec<Photo>, note: &str) -> Report {
        report_in(Language::Ka, photos, note)
    }

    fn report_in(language: Language, photos: Vec<Photo>, note: &str) -> Report {
        let mut facts = SessionFacts { session_id: "s-1".into(), company: "Acme".into(), ..SessionFacts::default() };
        facts.extra_fields.push(kyc_domain::report::ExtraField { name: "comment".into(), value: note.into() });
        let export = ExportFacts {
            generated_at: "2026-11-30T12:00:00Z".into(),
            generated_by: "Tamar".into(),
            record_hash: facts.record_hash(),
            code: VerificationCode::from_random([1; 8]),
            verify_at: "/api/v1/reports/verify".into(),
        status_reasons: Vec::new(),
        redaction: None,
        };
        build_report(&facts, &export, photos, language)
    }

    #[test]
    fn an_unreadable_photo_prints_as_a_notice_and_the_rest_still_renders() {
        let photos = vec![Photo { kind: PhotoKind::Selfie, bytes: b"not an image".to_vec() }];
        let pdf = render(&report(photos, "ok")).expect("render");
        assert!(pdf.bytes.starts_with(b"%PDF-"));
        assert!(pdf.pages >= 1);
    }

    #[test]
    fn a_word_wider_than_its_column_is_split_not_dropped() {
        let fonts = fonts().expect("fonts");
        let document = Document::new(fonts.print.clone());
        let style = Style::new().with_font_size(BODY_SIZE);
        let word = "Ж".repeat(400);
        let lines = break_lines(&format!("before {word} after\nnext"), style, Mm::from(50.0), document.font_cache());
        assert_eq!(lines.first().map(String::as_str), Some("before"));
        assert_eq!(lines.last().map(String::as_str), Some("next"));
        assert_eq!(lines.concat().matches('Ж').count(), 400);
        assert!(lines.iter().any(|line| line.ends_with("after")));
        assert!(lines.iter().all(|line| style.str_width(document.font_cache(), line) <= Mm::from(50.0)));
        assert!(break_lines("", style, Mm::from(50.0), document.font_cache()).is_empty());
    }

    #[test]
    fn the_footer_has_room_for_every_line_of_its_text_with_the_widest_code() {
        let fonts = fonts().expect("fonts");
        let document = Document::new(fonts.print.clone());
        let small = Style::new().with_font_size(FOOTER_SIZE);
        let line_height = small.line_height(document.font_cache());
        let width = Size::from(genpdf::PaperSize::A4).width - Mm::from(2.0 * MARGIN_SIDE_MM);
        for language in [Language::En, Language::Ka] {
            let footer = report_in(language, Vec::new(), "ok").footer;
            let widest_hint = footer.verify_hint.replace(&footer.code, &"W".repeat(footer.code.len()));
            let widest_code_line = footer.code_line().replace(&footer.code, &"W".repeat(footer.code.len()));
            let lines = [footer.hash_line(), widest_code_line, widest_hint]
                .iter()
                .map(|text| break_lines(text, small.bold(), width, document.font_cache()).len())
                .sum::<usize>();
            let needed = Mm::from(FOOTER_RULE_GAP_MM) + line_height * lines as f64;
            assert!(needed <= Mm::from(FOOTER_HEIGHT_MM), "{language:?}: {lines} lines need {needed:?}");
        }
    }

    #[test]
    fn a_very_long_note_flows_over_pages_with_every_page_numbered() {
        let long = "ჩანაწერი ".repeat(3000);
        let pdf = render(&report(Vec::new(), &long)).expect("render");
        assert!(pdf.pages > 3, "{} pages", pdf.pages);
    }
}
