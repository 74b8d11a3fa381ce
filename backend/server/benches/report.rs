//! Rendering one session report with three photos (document front and back, selfie), as
//! `GET /sessions/{id}/report.pdf` does after reading the session: the domain builds the report,
//! the PDF adapter converts the photos, lays out and writes the PDF (draft and print passes).
//! Database reads and the HTTP response are not included. See docs/BENCHMARKS.md.
//!
//! `REPORT_BENCH_OUT=folder` also writes the rendered PDFs there, to look at or measure.

use std::hint::black_box;

use chrono::NaiveDate;
use kyc_domain::screening::PepStatus;
use kyc_domain::session::decision::NoteKind;
use kyc_domain::session::{DocumentType, SessionStatus};
use criterion::{Criterion, criterion_group, criterion_main};
use kyc_domain::mrz::build::{MrzDocument, build};
use kyc_domain::mrz::{self, MrzFormat};
use kyc_domain::report::{
    ActivityFacts, AttemptFacts, AutomaticDecision, ExportFacts, ExtraField, Language, MrzDetail, MrzFacts,
    NoteFacts, PepFacts, Photo, PhotoKind, PhotoRef, ScreenedList, SessionFacts, SummaryFacts, VerificationCode,
    VerificationFacts, build_report,
};

/// A demo-sized JPEG: the demo's documents are 640×440 and its selfies 360×480.
fn photo(width: u32, height: u32, seed: u8) -> Vec<u8> {
    let image = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x / 3) as u8 ^ seed, (y / 2) as u8, ((x + y) / 5) as u8])
    });
    let mut bytes = std::io::Cursor::new(Vec::new());
    image.write_to(&mut bytes, image::ImageFormat::Jpeg).expect("jpeg");
    bytes.into_inner()
}

fn facts() -> SessionFacts {
    let today = NaiveDate::from_ymd_opt(2026, 11, 30).expect("date");
    let document = MrzDocument {
        format: MrzFormat::Td1,
        document_code: "ID".into(),
        issuing_state: "GEO".into(),
        last_name: "BERIDZE".into(),
        first_name: "GIORGI".into(),
        document_number: "13AB45678".into(),
        nationality: "GEO".into(),
        birth_date: NaiveDate::from_ymd_opt(1971, 3, 14).expect("date"),
        sex: 'M',
        expiration_date: NaiveDate::from_ymd_opt(2030, 5, 2).expect("date"),
        personal_number: "01024054978".into(),
        optional: String::new(),
    };
    let lines = build(&document);
    let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
    let report = mrz::check_lines(&refs, today).expect("mrz");
    SessionFacts {
        session_id: "0193a8e2-7c41-7d2e-9b1a-3f5e2d1c0b9a".into(),
        external_id: Some("flow-7f3a91c2".into()),
        company: "Demo Bank".into(),
        status: SessionStatus::AwaitingAction,
        created_at: "2026-11-20T09:14:03Z".into(),
        summary: SummaryFacts {
            first_name: Some("GIORGI".into()),
            last_name: Some("BERIDZE".into()),
            native_first_name: Some("გიორგი".into()),
            native_last_name: Some("ბერიძე".into()),
            document_type: Some(DocumentType::IdCard),
            document_number: Some("13AB45678".into()),
            personal_number: Some("01024054978".into()),
            sex: Some("male".into()),
            birth_date: Some("1971-03-14".into()),
            expiration_date: Some("2030-05-02".into()),
            nationality: Some("GEO".into()),
            issuing_state: Some("GEO".into()),
        },
        verification: VerificationFacts {
            verified: false,
            liveness_passed: Some(true),
            document_valid: Some(true),
            face_match_level: Some(6),
            document_real: Some(true),
            full_document_detected: Some(true),
        },
        mrz: Some(MrzFacts {
            format: report.format().as_str().into(),
            valid: report.is_valid(),
            lines: lines.clone(),
            details: report
                .details()
                .map(|d| MrzDetail { field: d.field, value: d.value.map(String::from), valid: d.valid, error: d.error, line: d.line, start: d.start, end: d.end })
                .collect(),
        }),
        activity: ActivityFacts {
            user_agent: Some("Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.82 Mobile Safari/537.36".into()),
            device_name: Some("Samsung SM-S918B".into()),
            device_type: Some("mobile".into()),
            browser: Some("Chrome Mobile 124".into()),
            os: Some("Android 14".into()),
            in_app_browser: None,
            client_ip: Some("31.146.77.12".into()),
            started_at: Some("2026-11-20T09:14:03Z".into()),
            finished_at: Some("2026-11-20T09:16:41Z".into()),
            liveness_finished: true,
            document_finished: true,
            attempts: 2,
        },
        pep: PepFacts {
            status: PepStatus::PotentialMatch,
            screened_at: Some("2026-11-20T09:16:42Z".into()),
            lists: vec![ScreenedList { id: "l1".into(), name: "demo".into(), version: "2026-11".into() }],
            matches: Vec::new(),
        },
        extra_fields: vec![
            ExtraField { name: "email".into(), value: "giorgi.beridze@example.com".into() },
            ExtraField { name: "phone".into(), value: "+995 555 12 34 56".into() },
        ],
        automatic_decision: Some(AutomaticDecision { status: SessionStatus::AwaitingAction, reason: "a screening hit needs review".into() }),
        pending_second_approval: false,
        notes: vec![NoteFacts {
            author: "Levan Operator".into(),
            kind: NoteKind::Note,
            body: "Called the customer; compared the birth date with the listing.".into(),
            reasons: Vec::new(),
            created_at: "2026-11-21T10:00:00Z".into(),
        }],
        attempts: (1..=2)
            .map(|number| AttemptFacts {
                number,
                started_at: Some("2026-11-20T09:07:03Z".into()),
                finished_at: Some("2026-11-20T09:09:41Z".into()),
                liveness_finished: true,
                document_finished: true,
                face_match_level: Some(5 + number as u8 - 1),
                liveness_passed: Some(number == 2),
                document_valid: Some(true),
                mrz_valid: Some(true),
                device_name: Some("Samsung SM-S918B".into()),
                browser: Some("Chrome Mobile 124".into()),
                os: Some("Android 14".into()),
                client_ip: Some("31.146.77.12".into()),
            })
            .collect(),
        photos: PhotoKind::ALL.iter().map(|kind| PhotoRef { kind: kind.as_str().into(), sha256: "ab".repeat(32) }).collect(),
    }
}

fn bench(c: &mut Criterion) {
    let facts = facts();
    let export = ExportFacts {
        generated_at: "2026-11-30T12:00:00Z".into(),
        generated_by: "Tamar Admin".into(),
        record_hash: facts.record_hash(),
        code: VerificationCode::from_random([7; 8]),
        verify_at: "/api/v1/reports/verify".into(),
        status_reasons: Vec::new(),
        redaction: None,
    };
    let photos = vec![
        Photo { kind: PhotoKind::DocumentFront, bytes: photo(640, 440, 1) },
        Photo { kind: PhotoKind::DocumentBack, bytes: photo(640, 404, 2) },
        Photo { kind: PhotoKind::Selfie, bytes: photo(360, 480, 3) },
    ];
    if let Ok(folder) = std::env::var("REPORT_BENCH_OUT") {
        for language in Language::ALL {
            let report = build_report(&facts, &export, photos.clone(), language);
            let pdf = kyc_server::pdf::render(&report).expect("render");
            let path = std::path::Path::new(&folder).join(format!("report-{language}.pdf"));
            std::fs::write(&path, &pdf.bytes).expect("write");
            eprintln!("{}: {} bytes, {} pages", path.display(), pdf.bytes.len(), pdf.pages);
        }
        cpu_time_per_render(&facts, &export, &photos);
    }
    let mut group = c.benchmark_group("report");
    group.sample_size(30);
    for language in Language::ALL {
        group.bench_function(format!("render_three_photos_{language}"), |b| {
            b.iter(|| {
                let report = build_report(&facts, &export, photos.clone(), language);
                black_box(kyc_server::pdf::render(&report).expect("render"))
            })
        });
    }
    group.finish();
}

/// CPU time per render (Linux), next to the wall time criterion reports: on a machine shared
/// with other work, wall time includes waiting for a core. "Process" counts the photo-converting
/// threads too; "main thread" is the layout and PDF writing alone.
fn cpu_time_per_render(facts: &SessionFacts, export: &ExportFacts, photos: &[Photo]) {
    // utime + stime of the process, in clock ticks (1/100 s).
    let process_ticks = || {
        let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
        let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
        Some(fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?)
    };
    let thread_ns = || {
        std::fs::read_to_string("/proc/thread-self/schedstat")
            .ok()
            .and_then(|text| text.split_whitespace().next().and_then(|ns| ns.parse::<u64>().ok()))
    };
    const ROUNDS: u32 = 40;
    let (wall, ticks, thread) = (std::time::Instant::now(), process_ticks(), thread_ns());
    for _ in 0..ROUNDS {
        let report = build_report(facts, export, photos.to_vec(), Language::Ka);
        black_box(kyc_server::pdf::render(&report).expect("render"));
    }
    let wall_ms = wall.elapsed().as_secs_f64() * 1e3 / f64::from(ROUNDS);
    if let (Some(t0), Some(t1), Some(n0), Some(n1)) = (ticks, process_ticks(), thread, thread_ns()) {
        let process_ms = (t1 - t0) as f64 * 10.0 / f64::from(ROUNDS);
        let thread_ms = (n1 - n0) as f64 / 1e6 / f64::from(ROUNDS);
        eprintln!("per render over {ROUNDS} rounds: {process_ms:.1} ms CPU (process), {thread_ms:.1} ms CPU (main thread), {wall_ms:.1} ms wall");
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
