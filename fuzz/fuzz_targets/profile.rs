//! A portal profile as JSON (imported from a file) and a list of official names as text.
//! Properties: never panics; what is accepted is valid and survives a round trip unchanged.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsroom::profile;
use newsroom::text::names::Gazetteer;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(p) = profile::from_json(text) {
        p.validate().expect("accepted means valid");
        let again = profile::from_json(&serde_json::to_string(&p).expect("json"))
            .expect("its own JSON is accepted");
        assert_eq!(again, p);
        let _ = p.time_line(chrono_now());
    }
    if let Ok(g) = Gazetteer::parse(text) {
        let again = Gazetteer::parse(&g.to_text()).expect("its own text is accepted");
        assert_eq!(again, g);
        let _ = newsroom::text::names::problems(&g, text);
    }
});

fn chrono_now() -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp(1_606_878_960, 0).expect("valid")
}
