use super::*;
use crate::screening::{BirthDateVerdict, MatchReason, ScreeningMatch};

fn demo_facts() -> SessionFacts {
    SessionFacts {
        session_id: "0193a8e2-7c41-7d2e-9b1a-3f5e2d1c0b9a".into(),
        external_id: Some("flow-7f3a91".into()),
        company: "Demo Bank".into(),
        status: SessionStatus::AwaitingAction,
        created_at: "2026-11-20T09:14:03Z".into(),
        summary: SummaryFacts {
            first_name: Some("NINO".into()),
            last_name: Some("BERIDZE".into()),
            native_first_name: Some("ნინო".into()),
            native_last_name: Some("ბერიძე".into()),
            document_type: Some(DocumentType::IdCard),
            document_number: Some("13IB90745".into()),
            personal_number: Some("01024054978".into()),
            sex: Some("female".into()),
            birth_date: Some("1991-03-14".into()),
            expiration_date: Some("2031-05-02".into()),
            nationality: Some("GEO".into()),
            issuing_state: Some("GEO".into()),
        },
        verification: VerificationFacts {
            verified: false,
            liveness_passed: Some(true),
            document_valid: Some(false),
            face_match_level: Some(6),
            document_real: Some(true),
            full_document_detected: Some(true),
        },
        mrz: Some(MrzFacts {
            format: "TD1".into(),
            valid: false,
            lines: vec![
                "IDGEO13IB907453<<<<<<<<<<<<<<<".into(),
                "9103144F3105023GEO01024054978<".into(),
                "BERIDZE<<NINO<<<<<<<<<<<<<<<<<".into(),
            ],
            details: vec![
                MrzDetail {
                    field: MrzField::DocumentNumber,
                    value: Some("13IB90745".into()),
                    valid: true,
                    error: None,
                    line: 0,
                    start: 5,
                    end: 14,
                },
                MrzDetail {
                    field: MrzField::CompositeCheckDigit,
                    value: Some("8".into()),
                    valid: false,
                    error: Some("invalid check digit: 8. Must be 7".into()),
                    line: 1,
                    start: 29,
                    end: 30,
                },
            ],
        }),
        activity: ActivityFacts {
            user_agent: Some("Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X)".into()),
            device_name: Some("Apple iPhone".into()),
            device_type: Some("mobile".into()),
            browser: Some("Mobile Safari 17.4".into()),
            os: Some("iOS 17.4".into()),
            in_app_browser: None,
            client_ip: Some("31.146.12.40".into()),
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
            matches: vec![PepMatch {
                found: ScreeningMatch {
                    entity_id: "demo-42".into(),
                    list: "demo".into(),
                    name: "Nino Beridze".into(),
                    matched_name: "Нино Беридзе".into(),
                    query_name: "NINO BERIDZE".into(),
                    score: 91,
                    reasons: vec![
                        MatchReason::Exact,
                        MatchReason::BirthDate { verdict: BirthDateVerdict::Exact },
                    ],
                    birth_dates: vec!["1991-03-14".into()],
                    nationalities: vec!["ge".into()],
                    programs: vec![],
                    topics: vec!["role.pep".into()],
                },
                review: MatchReview::Open,
            }],
        },
        extra_fields: vec![ExtraField { name: "phone".into(), value: "+995 555 12 34 56".into() }],
        automatic_decision: Some(AutomaticDecision {
            status: SessionStatus::AwaitingAction,
            reason: "a screening hit needs review".into(),
        }),
        pending_second_approval: false,
        notes: vec![NoteFacts {
            author: "Levan Operator".into(),
            kind: NoteKind::Note,
            body: "Called the customer; the hit is a namesake.".into(),
            reasons: vec![],
            created_at: "2026-11-21T10:00:00Z".into(),
        }],
        attempts: vec![
            AttemptFacts {
                number: 1,
                started_at: Some("2026-11-20T09:07:03Z".into()),
                liveness_passed: Some(false),
                face_match_level: Some(5),
                client_ip: Some("31.146.12.40".into()),
                ..AttemptFacts::default()
            },
            AttemptFacts { number: 2, face_match_level: Some(6), liveness_passed: Some(true), ..AttemptFacts::default() },
        ],
        photos: vec![PhotoRef { kind: "selfie".into(), sha256: "ab".repeat(32) }],
    }
}

fn export() -> ExportFacts {
    ExportFacts {
        generated_at: "2026-11-30T12:00:00Z".into(),
        generated_by: "Tamar Admin".into(),
        record_hash: demo_facts().record_hash(),
        code: VerificationCode::from_random([1, 2, 3, 4, 5, 6, 7, 8]),
        verify_at: "/api/v1/reports/verify".into(),
        status_reasons: Vec::new(),
        redaction: None,
    }
}

#[test]
fn the_record_hash_is_stable_and_covers_what_the_report_prints() {
    let facts = demo_facts();
    assert_eq!(facts.record_hash(), demo_facts().record_hash());
    assert_eq!(facts.record_hash().len(), 64);
    assert!(facts.canonical_bytes().starts_with(b"kyc-session-record-v1\n"));

    let mut noted = demo_facts();
    noted.notes.push(NoteFacts {
        author: "Tamar Admin".into(),
        kind: NoteKind::Approval,
        body: "approved".into(),
        reasons: vec!["namesake".into()],
        created_at: "2026-11-22T08:00:00Z".into(),
    });
    let mut decided = demo_facts();
    decided.status = SessionStatus::Verified;
    let mut new_photo = demo_facts();
    new_photo.photos[0].sha256 = "cd".repeat(32);
    let mut reviewed = demo_facts();
    reviewed.pep.matches[0].review = MatchReview::FalsePositive;
    let mut first_approval = demo_facts();
    first_approval.pending_second_approval = true;
    for changed in [noted, decided, new_photo, reviewed, first_approval] {
        assert_ne!(changed.record_hash(), facts.record_hash());
    }
}

#[test]
fn verification_codes_are_ten_crockford_symbols_read_back_forgivingly() {
    let code = VerificationCode::from_random([0xff; 8]);
    assert_eq!(code.as_str().len(), 10);
    assert_eq!(code.as_str(), "ZZZZZZZZZZ");
    let zero = VerificationCode::from_random([0; 8]);
    assert_eq!(zero.to_string(), "00000-00000");
    let code = VerificationCode::from_random([9, 8, 7, 6, 5, 4, 3, 2]);
    assert!(code.as_str().bytes().all(|b| CROCKFORD.contains(&b)));
    assert_eq!(VerificationCode::parse(&code.to_string()), Ok(code.clone()));
    assert_eq!(VerificationCode::parse(&code.to_string().to_lowercase()), Ok(code.clone()));
    assert_eq!(VerificationCode::parse(" 7k2qd m9xha "), VerificationCode::parse("7K2QD-M9XHA"));
    assert_eq!(VerificationCode::parse("OIL00-00000").map(|c| c.as_str().to_owned()), Ok("0110000000".to_owned()));
    for bad in ["", "7K2QD", "7K2QD-M9XHAA", "7K2QD-M9XHU", "7K2QD-M9XH!", "7K2QD-M9XHჰ"] {
        assert_eq!(VerificationCode::parse(bad), Err(MalformedCode), "{bad}");
    }
}

#[test]
fn every_label_is_written_in_both_languages_with_printable_characters() {
    let printable = |c: char| {
        matches!(u32::from(c), 0x20..=0x7e | 0xa0..=0x17f | 0x400..=0x4ff | 0x10a0..=0x10ff | 0x2010..=0x2027 | 0x2030..=0x203a | 0x2192 | 0x2713 | 0x2717)
    };
    for label in Label::ALL {
        let (en, ka) = (label.text(Language::En), label.text(Language::Ka));
        assert!(!en.is_empty() && !ka.is_empty(), "{label:?}");
        assert!(en.chars().all(printable) && ka.chars().all(printable), "{label:?}");
        let technical = matches!(label, Label::AttemptNumber | Label::Of);
        assert!(technical || ka.chars().any(|c| ('\u{10d0}'..='\u{10ff}').contains(&c)), "{label:?} is not Georgian: {ka}");
    }
}

#[test]
fn languages_parse_from_their_codes() {
    assert_eq!("en".parse::<Language>(), Ok(Language::En));
    assert_eq!("ka".parse::<Language>(), Ok(Language::Ka));
    assert!("de".parse::<Language>().is_err());
}

#[test]
fn the_report_prints_every_value_of_the_session_in_both_languages() {
    let facts = demo_facts();
    for language in Language::ALL {
        let report = build_report(&facts, &export(), Vec::new(), language);
        let all = report.texts().join("\n");
        for value in [
            "Demo Bank", "0193a8e2-7c41-7d2e-9b1a-3f5e2d1c0b9a", "flow-7f3a91", "NINO", "BERIDZE", "ნინო", "ბერიძე",
            "13IB90745", "01024054978", "1991-03-14", "2031-05-02", "GEO", "1/100000",
            "IDGEO13IB907453<<<<<<<<<<<<<<<", "invalid check digit: 8. Must be 7",
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X)", "Apple iPhone", "mobile", "Mobile Safari 17.4",
            "iOS 17.4", "31.146.12.40", "2026-11-20 09:14:03 UTC", "2026-11-20 09:16:41 UTC", "Nino Beridze",
            "Нино Беридзе", "91", "demo (", "2026-11", "phone", "+995 555 12 34 56", "a screening hit needs review",
            "Levan Operator", "Called the customer; the hit is a namesake.", "2026-11-21 10:00:00 UTC",
            "Tamar Admin", "2026-11-30 12:00:00 UTC",
        ] {
            assert!(all.contains(value), "{language}: {value:?} missing");
        }
        assert_eq!(report.footer.record_hash, facts.record_hash());
        assert_eq!(report.footer.code.len(), 11);
        assert!(report.footer.verify_hint.ends_with(&format!("/api/v1/reports/verify?code={}", report.footer.code)));
        assert_eq!(report.sections.len(), 8);
    }
    let georgian = build_report(&facts, &export(), Vec::new(), Language::Ka);
    let titles: Vec<&str> = georgian.sections.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(titles[0], "შეჯამება");
    assert_eq!(titles[1], "ვერიფიკაცია");
    let all = georgian.texts().join("\n");
    for word in ["სახელი", "გვარი", "დოკუმენტის ნომერი", "პირადი ნომერი", "დაბადების თარიღი", "მოქალაქეობა", "სქესი", "მდედრობითი", "პირადობის მოწმობა"] {
        assert!(all.contains(word), "{word} missing");
    }
    assert_eq!(georgian.footer.page_line(2, Some(3)), "გვერდი 2 / 3");
    assert_eq!(build_report(&facts, &export(), Vec::new(), Language::En).footer.page_line(2, Some(3)), "Page 2 of 3");
}

#[test]
fn the_face_match_level_is_explained_as_a_false_acceptance_rate() {
    let report = build_report(&demo_facts(), &export(), Vec::new(), Language::En);
    let Block::Rows(rows) = &report.sections[1].blocks[0] else { panic!("rows") };
    let face = rows.iter().find(|r| r.label == "Face match").expect("face match row");
    assert_eq!(
        face.value,
        "Level 6 of 7: false acceptance rate (FAR) 1/100000, a different person would be accepted about once in 100 000 comparisons"
    );
    assert_eq!(face.mark, Mark::Good);
}

#[test]
fn mrz_errors_are_marked_and_positions_are_one_based() {
    let report = build_report(&demo_facts(), &export(), Vec::new(), Language::En);
    let Block::Table { rows, .. } = &report.sections[2].blocks[2] else { panic!("table") };
    assert_eq!(rows[0].cells, ["Document number", "13IB90745", "line 1, 6–14", "✓ valid"]);
    assert_eq!(rows[0].mark, Mark::Plain);
    assert_eq!(rows[1].cells[3], "✗ error: invalid check digit: 8. Must be 7");
    assert_eq!(rows[1].cells[2], "line 2, 30");
    assert_eq!(rows[1].mark, Mark::Bad);
}

#[test]
fn a_clear_screening_names_the_lists_and_versions_screened() {
    let mut facts = demo_facts();
    facts.pep.status = PepStatus::Clear;
    facts.pep.matches.clear();
    let report = build_report(&facts, &export(), Vec::new(), Language::En);
    let all = report.texts().join("\n");
    assert!(all.contains("No match on the lists screened."));
    assert!(all.contains("demo (version 2026-11)"));
    let hits = build_report(&demo_facts(), &export(), Vec::new(), Language::En).texts().join("\n");
    assert!(hits.contains("exact name; birth date: exact"));
}

#[test]
fn photos_print_front_back_selfie_whatever_order_they_come_in() {
    let photos = vec![
        Photo { kind: PhotoKind::Selfie, bytes: vec![3] },
        Photo { kind: PhotoKind::DocumentFront, bytes: vec![1] },
        Photo { kind: PhotoKind::DocumentBack, bytes: vec![2] },
    ];
    let report = build_report(&demo_facts(), &export(), photos, Language::Ka);
    let kinds: Vec<PhotoKind> = report.photos.iter().map(|p| p.kind).collect();
    assert_eq!(kinds, PhotoKind::ALL);
    assert_eq!(report.photos[0].caption, "დოკუმენტის წინა მხარე");
}

#[test]
fn empty_sections_say_so_instead_of_vanishing() {
    let facts = SessionFacts { status: SessionStatus::NotFinished, pep: PepFacts { status: PepStatus::NotScreened, ..PepFacts::default() }, ..SessionFacts::default() };
    let report = build_report(&facts, &export(), Vec::new(), Language::En);
    let all = report.texts().join("\n");
    for text in ["No MRZ was read for this session.", "No extra fields.", "No notes or decisions.", "No attempts are recorded.", "Not screened", "not available"] {
        assert!(all.contains(text), "{text}");
    }
}

#[test]
fn decisions_print_their_reasons_in_words_and_a_pending_second_approval_shows() {
    let mut facts = demo_facts();
    facts.pending_second_approval = true;
    facts.notes.push(NoteFacts {
        author: "Tamar Admin".into(),
        kind: NoteKind::Rejection,
        body: "Rejected after a call.".into(),
        reasons: vec!["selfie_mismatch".into(), "something_new".into()],
        created_at: "2026-11-22T08:00:00Z".into(),
    });
    let english = build_report(&facts, &export(), Vec::new(), Language::En).texts().join("\n");
    assert!(english.contains("Rejected after a call. [Reasons: Selfie mismatch, something_new]"), "{english}");
    assert!(english.contains("a second reviewer must approve"));
    let georgian = build_report(&facts, &export(), Vec::new(), Language::Ka).texts().join("\n");
    assert!(georgian.contains("სელფი არ ემთხვევა"));
    assert!(georgian.contains("უარყოფა"));
}
