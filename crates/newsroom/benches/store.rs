//! Store benchmarks, run by hand: `cargo bench -p newsroom --bench store` (add `-- --quick` for a
//! 10,000-article corpus). Prints each figure beside a reference measured in the same run, since
//! these machines are noisy: a bare SQLite write of the same size for saves, a naive `LIKE` scan for
//! search.

use std::time::{Duration, Instant};

use newsroom::articles::{self, ArticleInput, SaveKind};
use newsroom::search::{self, SearchQuery};
use rusqlite::params;

/// Syllables of Vietnamese news text to build articles and queries from.
const VOCAB: &str = "tăng cường hiệu lực hiệu quả công tác quản lý nhà nước về bảo vệ môi trường tài nguyên \
đoàn kiểm tra theo quyết định của ban thường vụ thành ủy do đồng chí ủy viên trưởng ban tuyên giáo làm \
trưởng đoàn việc tổ chức triển khai thực hiện nghị quyết thông báo kết luận tiếp tục năm sở đảng ủy đã \
chú trọng các giải pháp nâng cao nhận thức cấp chi bộ phát triển bền vững ứng phó với biến đổi khí hậu \
lồng ghép nhiệm vụ chuyên môn tuyên truyền giáo dục hình thành thói quen hành vi tự giác trong nhân dân \
lãnh đạo báo cáo tại cuộc làm việc tích cực thông tin cấp bách ngành trên địa bàn thành phố hải phòng \
nội dung hoạt động khai thác khoáng sản khu vực nông thôn làng nghề bảo tồn đa dạng sinh học bên cạnh \
đó cũng đặc biệt quan tâm trách nhiệm chủ dự án sau khi hồ sơ được phê duyệt qua nhắc nhở hướng dẫn \
yêu cầu cơ sở sản xuất kinh doanh đúng đầy đủ biện pháp cam kết cơ quan có thẩm quyền kiến nghị đề \
xuất trung ương một số vấn đề liên quan xử lý chất thải rắn phòng chống ô nhiễm suy thoái sự cố nguồn \
nước mặt ngầm cung cấp sạch vệ sinh hệ thống thoát mưa kinh phí giao thông hồng bàng lê chân ngô quyền \
kiến an đồ sơn dương kinh hải an thủy nguyên an dương tiên lãng vĩnh bảo cát hải bạch long vĩ đang";

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    /// A number in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// A Vietnamese-looking lexicon with the word frequencies of real text: the syllables of [`VOCAB`]
/// are the most frequent, then thousands of made-up but well-formed syllables (onset, vowel with its
/// tone, coda), drawn with Zipf's law (frequency ∝ 1/rank), as words in running text are.
struct Lexicon {
    words: Vec<String>,
    /// Cumulative Zipf weights, for drawing by binary search.
    cumulative: Vec<f64>,
}

/// Size of the lexicon: about what a year of a city portal's news uses.
const LEXICON_SIZE: usize = 8000;

impl Lexicon {
    fn new(rng: &mut Rng) -> Self {
        let mut words: Vec<String> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for w in VOCAB.split_whitespace() {
            if seen.insert(w.to_string()) {
                words.push(w.to_string());
            }
        }
        let onsets = [
            "", "b", "c", "ch", "d", "đ", "g", "gi", "h", "k", "kh", "l", "m", "n", "ng", "nh",
            "ph", "qu", "r", "s", "t", "th", "tr", "v", "x",
        ];
        let vowels: Vec<char> =
            "aáàảãạăắằẳẵặâấầẩẫậeéèẻẽẹêếềểễệiíìỉĩịoóòỏõọôốồổỗộơớờởỡợuúùủũụưứừửữựyýỳỷỹỵ"
                .chars()
                .collect();
        let codas = ["", "c", "ch", "m", "n", "ng", "nh", "p", "t", "i", "o", "u"];
        while words.len() < LEXICON_SIZE {
            let w = format!(
                "{}{}{}",
                onsets[rng.below(onsets.len())],
                vowels[rng.below(vowels.len())],
                codas[rng.below(codas.len())]
            );
            if seen.insert(w.clone()) {
                words.push(w);
            }
        }
        let mut total = 0.0;
        let cumulative = (1..=words.len())
            .map(|rank| {
                total += 1.0 / rank as f64;
                total
            })
            .collect();
        Self { words, cumulative }
    }

    /// A word drawn with its frequency in running text.
    fn draw(&self, rng: &mut Rng) -> &str {
        let total = self.cumulative[self.cumulative.len() - 1];
        let x = rng.unit() * total;
        let i = self.cumulative.partition_point(|&c| c < x);
        &self.words[i.min(self.words.len() - 1)]
    }

    /// A word drawn uniformly among the `top` most frequent ones (what people search for: a topic,
    /// a place, a name; rarely the commonest words alone).
    fn pick(&self, rng: &mut Rng, top: usize) -> &str {
        &self.words[rng.below(top.min(self.words.len()))]
    }
}

fn text(rng: &mut Rng, lexicon: &Lexicon, bytes: usize) -> String {
    let mut s = String::with_capacity(bytes + 16);
    let mut sentence = 0;
    while s.len() < bytes {
        let w = lexicon.draw(rng);
        if sentence == 0 {
            let mut c = w.chars();
            if let Some(first) = c.next() {
                s.extend(first.to_uppercase());
                s.push_str(c.as_str());
            }
        } else {
            s.push_str(w);
        }
        sentence += 1;
        if sentence > 12 && rng.next().is_multiple_of(6) {
            s.push_str(". ");
            sentence = 0;
            if rng.next().is_multiple_of(5) {
                s.push_str("\n\n");
            }
        } else {
            s.push(' ');
        }
    }
    s
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn report(name: &str, mut ours: Vec<Duration>, mut reference: Vec<Duration>, reference_name: &str) {
    ours.sort();
    reference.sort();
    let (p50, p99) = (percentile(&ours, 0.5), percentile(&ours, 0.99));
    let (r50, r99) = (percentile(&reference, 0.5), percentile(&reference, 0.99));
    println!(
        "{name}: p50 {:.3} ms, p99 {:.3} ms | {reference_name}: p50 {:.3} ms, p99 {:.3} ms | ratio p50 {:.2}, p99 {:.2}",
        ms(p50),
        ms(p99),
        ms(r50),
        ms(r99),
        p50.as_secs_f64() / r50.as_secs_f64(),
        p99.as_secs_f64() / r99.as_secs_f64()
    );
}

fn bench_saves(words: &Lexicon, rng: &mut Rng) {
    let dir = tempfile::tempdir().expect("tempdir");
    let conn = newsroom::store::open(dir.path()).expect("open");
    conn.execute_batch("CREATE TABLE plain (id INTEGER PRIMARY KEY, body TEXT NOT NULL);")
        .expect("reference table");
    let a = articles::create(
        &conn,
        &ArticleInput {
            title: "Bài đo".into(),
            ..Default::default()
        },
        "bench",
    )
    .expect("create");
    let mut rev = a.revision;
    let n = 2000;
    let mut ours = Vec::with_capacity(n);
    let mut reference = Vec::with_capacity(n);
    for i in 0..n {
        let body = text(rng, words, 10 * 1024);
        let input = ArticleInput {
            title: format!("Bài đo {i}"),
            body: body.clone(),
            ..Default::default()
        };
        let t = Instant::now();
        rev = articles::save(&conn, &a.id, rev, &input, "bench", SaveKind::Save)
            .expect("save")
            .revision;
        ours.push(t.elapsed());
        let t = Instant::now();
        conn.execute("INSERT INTO plain (body) VALUES (?1)", params![body])
            .expect("insert");
        reference.push(t.elapsed());
    }
    report(
        "save 10 KB draft (revision; search indexing waits for the next search)",
        ours,
        reference,
        "bare INSERT of 10 KB",
    );
}

fn bench_search(words: &Lexicon, rng: &mut Rng, articles_n: usize) {
    let dir = tempfile::tempdir().expect("tempdir");
    let conn = newsroom::store::open(dir.path()).expect("open");
    let t = Instant::now();
    {
        let tx = conn.unchecked_transaction().expect("tx");
        let mut stmt = tx
            .prepare(
                "INSERT INTO articles (id, title, lead, body, slug, status, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, 'draft', ?6, ?6)",
            )
            .expect("prepare");
        for i in 0..articles_n {
            let id = ulid::Ulid::new().to_string();
            let title = text(rng, words, 80);
            let lead = text(rng, words, 250);
            let body = text(rng, words, 3000);
            stmt.execute(params![
                id,
                title,
                lead,
                body,
                format!("bai-{i}"),
                "2026-11-26T00:00:00.000Z"
            ])
            .expect("insert");
        }
        drop(stmt);
        tx.commit().expect("commit");
    }
    println!(
        "generated {articles_n} articles of ~3 KB in {:.1} s",
        t.elapsed().as_secs_f64()
    );
    let t = Instant::now();
    let n = search::rebuild(&conn).expect("rebuild index");
    let build = t.elapsed();
    let db_mb = std::fs::metadata(dir.path().join(newsroom::store::DB_FILE))
        .map(|m| m.len())
        .unwrap_or(0) as f64
        / 1e6;
    println!(
        "index build: {n} articles in {:.1} s ({:.0} articles/s); database {db_mb:.0} MB",
        build.as_secs_f64(),
        n as f64 / build.as_secs_f64()
    );

    let queries: Vec<String> = (0..200)
        .map(|i| {
            let k = 1 + (rng.next() % 3) as usize;
            // Half the queries are words from anywhere in the 2,000 commonest (topics, places);
            // the other half a run of words as they occur in text (common words, the hard case).
            let q: Vec<&str> = if i % 4 < 2 {
                (0..k).map(|_| words.pick(rng, 2000)).collect()
            } else {
                (0..k).map(|_| words.draw(rng)).collect()
            };
            let q = q.join(" ");
            if i % 2 == 0 {
                newsroom::text::fold(&q)
            } else {
                q
            }
        })
        .collect();
    let mut ours = Vec::new();
    let mut reference = Vec::new();
    let mut floor = Vec::new();
    let mut found = 0usize;
    let mut by_class: [Vec<Duration>; 2] = [Vec::new(), Vec::new()];
    let mut like_by_class: [Vec<Duration>; 2] = [Vec::new(), Vec::new()];
    for (i, q) in queries.iter().enumerate() {
        let t = Instant::now();
        let hits = search::search(
            &conn,
            &SearchQuery {
                text: q.clone(),
                limit: Some(20),
                ..Default::default()
            },
        )
        .expect("search");
        ours.push(t.elapsed());
        by_class[usize::from(i % 4 >= 2)].push(t.elapsed());
        found += hits.len();
        // The floor: FTS5 ranking alone, no join, no filter, no exact-match preference.
        let words: Vec<String> = newsroom::text::fold(q)
            .split_whitespace()
            .map(|w| format!("\"{w}\""))
            .collect();
        let fts = format!("{{title_f lead_f body_f meta_f}} : ({})", words.join(" "));
        let t = Instant::now();
        let rows: Vec<i64> = conn
            .prepare_cached(
                "SELECT rowid FROM search_index WHERE search_index MATCH ?1
                 ORDER BY bm25(search_index, 10.0, 4.0, 1.0, 2.0, 0.0, 0.0, 0.0) LIMIT 20",
            )
            .expect("prepare")
            .query_map([&fts], |r| r.get(0))
            .expect("fts")
            .collect::<rusqlite::Result<_>>()
            .expect("rows");
        floor.push(t.elapsed());
        std::hint::black_box(rows);
        let like = format!("%{q}%");
        let t = Instant::now();
        let ids: Vec<String> = conn
            .prepare_cached(
                "SELECT id FROM articles WHERE title LIKE ?1 OR lead LIKE ?1 OR body LIKE ?1 LIMIT 20",
            )
            .expect("prepare")
            .query_map([&like], |r| r.get(0))
            .expect("like")
            .collect::<rusqlite::Result<_>>()
            .expect("rows");
        reference.push(t.elapsed());
        like_by_class[usize::from(i % 4 >= 2)].push(t.elapsed());
        std::hint::black_box(ids);
    }
    println!("{} queries, {found} hits in all", queries.len());
    let [topic, common] = by_class;
    let [topic_like, common_like] = like_by_class;
    report(
        "  topic words (any of the 2,000 commonest)",
        topic,
        topic_like,
        "LIKE",
    );
    report(
        "  words as they run in text (commonest words often)",
        common,
        common_like,
        "LIKE",
    );
    report(
        "ranked top-20 search",
        ours.clone(),
        reference,
        "naive LIKE scan (unranked, marks must match)",
    );
    report(
        "ranked top-20 search",
        ours,
        floor,
        "bare FTS5 bm25 top-20 (no join, filters, exact preference)",
    );
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let mut rng = Rng(0x5eed_1234_abcd_9876);
    let words = Lexicon::new(&mut rng);
    bench_saves(&words, &mut rng);
    bench_search(&words, &mut rng, if quick { 10_000 } else { 100_000 });
}
