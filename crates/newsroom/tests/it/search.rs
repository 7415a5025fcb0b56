use newsroom::articles::{self, ArticleInput, SaveKind};
use newsroom::search::{self, SearchQuery};
use newsroom::status::Status;
use unicode_normalization::UnicodeNormalization;

use crate::fresh;

fn add(
    conn: &rusqlite::Connection,
    title: &str,
    body: &str,
    author: &str,
    category: &str,
) -> String {
    articles::create(
        conn,
        &ArticleInput {
            title: title.into(),
            body: body.into(),
            authors: vec![author.into()],
            category: category.into(),
            ..Default::default()
        },
        author,
    )
    .expect("create")
    .id
}

fn titles(conn: &rusqlite::Connection, text: &str) -> Vec<String> {
    search::search(
        conn,
        &SearchQuery {
            text: text.into(),
            ..Default::default()
        },
    )
    .expect("search")
    .into_iter()
    .map(|h| h.article.title)
    .collect()
}

fn seed(conn: &rusqlite::Connection) {
    add(
        conn,
        "Sở Tài nguyên và Môi trường kiểm tra bãi rác",
        "Đoàn làm việc tại Tràng Cát.",
        "Hoàng Tùng",
        "Môi trường",
    );
    add(
        conn,
        "Đại hội Đảng bộ quận Hồng Bàng",
        "Đảng bộ quận tổng kết nhiệm kỳ.",
        "Minh Anh",
        "Chính trị",
    );
    add(
        conn,
        "Người dân đang chờ mưa",
        "Trời đang nắng nóng kéo dài.",
        "Minh Anh",
        "Đời sống",
    );
}

#[test]
fn unmarked_queries_find_marked_text() {
    let (_dir, conn) = fresh();
    seed(&conn);
    assert_eq!(
        titles(&conn, "tai nguyen moi truong"),
        ["Sở Tài nguyên và Môi trường kiểm tra bãi rác"]
    );
    assert_eq!(titles(&conn, "dang bo"), ["Đại hội Đảng bộ quận Hồng Bàng"]);
    assert_eq!(
        titles(&conn, "trang cat"),
        ["Sở Tài nguyên và Môi trường kiểm tra bãi rác"],
        "body words count"
    );
    assert!(titles(&conn, "khong co tu nay").is_empty());
}

#[test]
fn marked_query_ranks_the_exact_word_first() {
    let (_dir, conn) = fresh();
    seed(&conn);
    // Folded, "Đảng" and "đang" are both "dang": both match, the exact one first.
    assert_eq!(
        titles(&conn, "Đảng"),
        ["Đại hội Đảng bộ quận Hồng Bàng", "Người dân đang chờ mưa"]
    );
    assert_eq!(
        titles(&conn, "đang"),
        ["Người dân đang chờ mưa", "Đại hội Đảng bộ quận Hồng Bàng"]
    );
}

#[test]
fn nfd_and_unfinished_queries_work() {
    let (_dir, conn) = fresh();
    seed(&conn);
    let nfd: String = "Hồng Bàng".nfd().collect();
    assert_eq!(titles(&conn, &nfd), ["Đại hội Đảng bộ quận Hồng Bàng"]);
    // As you type: the last word is a prefix.
    assert_eq!(
        titles(&conn, "tai ngu"),
        ["Sở Tài nguyên và Môi trường kiểm tra bãi rác"]
    );
    assert!(
        titles(&conn, "tai ngu ").is_empty(),
        "a finished word must match whole"
    );
    // FTS syntax in a query is just text.
    assert!(titles(&conn, "\"AND OR * NEAR(").is_empty());
}

#[test]
fn filters_by_status_category_author_and_date() {
    let (_dir, conn) = fresh();
    seed(&conn);
    let q = |f: SearchQuery| -> Vec<String> {
        search::search(&conn, &f)
            .expect("search")
            .into_iter()
            .map(|h| h.article.title)
            .collect()
    };
    assert_eq!(
        q(SearchQuery {
            author: Some("Minh Anh".into()),
            ..Default::default()
        })
        .len(),
        2
    );
    assert_eq!(
        q(SearchQuery {
            text: "dang".into(),
            category: Some("Đời sống".into()),
            ..Default::default()
        }),
        ["Người dân đang chờ mưa"]
    );
    // The filters take a name as it is typed: without marks, any case, spaces around.
    assert_eq!(
        q(SearchQuery {
            text: "dang".into(),
            category: Some(" doi song ".into()),
            ..Default::default()
        }),
        ["Người dân đang chờ mưa"]
    );
    assert_eq!(
        q(SearchQuery {
            author: Some("minh anh".into()),
            ..Default::default()
        })
        .len(),
        2
    );
    // The whole name, not a part of it.
    assert!(
        q(SearchQuery {
            author: Some("minh".into()),
            ..Default::default()
        })
        .is_empty()
    );
    let future = chrono::Utc::now() + chrono::TimeDelta::days(1);
    assert!(
        q(SearchQuery {
            from: Some(future),
            ..Default::default()
        })
        .is_empty()
    );
    assert_eq!(
        q(SearchQuery {
            to: Some(future),
            ..Default::default()
        })
        .len(),
        3
    );

    // The trash is left out unless asked for.
    let id = titles_to_id(&conn, "dang bo");
    articles::spike(&conn, &id, &crate::solo(&conn)).expect("spike");
    assert!(
        q(SearchQuery {
            text: "dang bo".into(),
            ..Default::default()
        })
        .is_empty()
    );
    assert_eq!(
        q(SearchQuery {
            text: "dang bo".into(),
            status: Some(Status::Spiked),
            ..Default::default()
        }),
        ["Đại hội Đảng bộ quận Hồng Bàng"]
    );
}

fn titles_to_id(conn: &rusqlite::Connection, text: &str) -> String {
    search::search(
        conn,
        &SearchQuery {
            text: text.into(),
            ..Default::default()
        },
    )
    .expect("search")
    .remove(0)
    .article
    .id
}

#[test]
fn index_follows_saves_and_deletes() {
    let (_dir, conn) = fresh();
    let id = add(&conn, "Cầu Hoàng Văn Thụ", "Thông xe.", "An", "Giao thông");
    let a = articles::get(&conn, &id).expect("get");
    let mut input = ArticleInput::from(&a);
    input.title = "Cầu Rào 1".into();
    articles::save(&conn, &id, a.revision, &input, "An", SaveKind::Autosave).expect("save");
    assert!(titles(&conn, "hoang van thu").is_empty());
    assert_eq!(titles(&conn, "cau rao"), ["Cầu Rào 1"]);
    articles::spike(&conn, &id, &crate::solo(&conn)).expect("spike");
    articles::delete(&conn, &id, &crate::solo(&conn)).expect("delete");
    let rows: i64 = conn
        .query_row("SELECT count(*) FROM search_index", [], |r| r.get(0))
        .expect("count");
    assert_eq!(rows, 0, "no orphan left in the index");
}

#[test]
fn snippet_highlights_the_match_with_its_marks() {
    let hits = {
        let (_dir, conn) = fresh();
        add(
            &conn,
            "Tin",
            "Mở đầu. Chiều 2/12, Đoàn Kiểm tra làm việc với Đảng ủy Sở Tài nguyên và Môi trường về công tác bảo vệ môi trường.",
            "An",
            "",
        );
        search::search(
            &conn,
            &SearchQuery {
                text: "dang uy".into(),
                ..Default::default()
            },
        )
        .expect("search")
    };
    let parts = &hits[0].snippet;
    let hit_words: Vec<&str> = parts
        .iter()
        .filter(|p| p.hit)
        .map(|p| p.text.as_str())
        .collect();
    assert_eq!(hit_words, ["Đảng", "ủy"]);
    let whole: String = parts.iter().map(|p| p.text.as_str()).collect();
    assert!(
        whole.contains("làm việc với Đảng ủy Sở Tài nguyên"),
        "{whole}"
    );
}

#[test]
fn empty_query_lists_by_recency_with_filters() {
    let (_dir, conn) = fresh();
    seed(&conn);
    let all = search::search(&conn, &SearchQuery::default()).expect("all");
    assert_eq!(all.len(), 3);
    assert_eq!(
        all[0].article.title, "Người dân đang chờ mưa",
        "newest first"
    );
    assert!(all.iter().all(|h| h.snippet.is_empty()));
}

#[test]
fn a_filter_that_rejects_the_best_candidates_still_finds_the_rest() {
    let (_dir, conn) = fresh();
    // Many strong matches in one category, one weak match in another.
    for i in 0..300 {
        add(
            &conn,
            &format!("Đảng bộ phường {i}"),
            "Đảng bộ, Đảng bộ, Đảng bộ.",
            "An",
            "Chính trị",
        );
    }
    add(
        &conn,
        "Tin thể thao",
        "Một câu có nhắc tới đảng bộ ở cuối bài rất dài.",
        "Bình",
        "Thể thao",
    );
    let hits = search::search(
        &conn,
        &SearchQuery {
            text: "dang bo".into(),
            category: Some("Thể thao".into()),
            limit: Some(5),
            ..Default::default()
        },
    )
    .expect("search");
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].article.title, "Tin thể thao");
    let all = search::search(
        &conn,
        &SearchQuery {
            text: "dang bo".into(),
            limit: Some(200),
            ..Default::default()
        },
    )
    .expect("search");
    assert_eq!(all.len(), 200, "the limit holds");
}

#[test]
fn common_words_filter_while_telling_words_rank() {
    // Enough articles for "thành phố" to be a word most articles have (BM25 gives it no weight).
    let (_dir, conn) = fresh();
    for i in 0..600 {
        add(
            &conn,
            &format!("Tin số {i}"),
            "Thành phố tiếp tục chỉnh trang đô thị.",
            "Minh Anh",
            "Đô thị",
        );
        if i == 100 {
            add(
                &conn,
                "Du lịch Cát Bà hồi phục",
                "Thành phố đón khách.",
                "Minh Anh",
                "Du lịch",
            );
        }
        if i == 200 {
            add(
                &conn,
                "Tin đảo",
                "Thành phố và Cát Bà chuẩn bị mùa hè.",
                "Minh Anh",
                "Du lịch",
            );
            add(
                &conn,
                "Tin đảo không có từ chung",
                "Cát Bà đón khách.",
                "Minh Anh",
                "Du lịch",
            );
        }
    }
    // Every word must match; the telling word ranks (in the title first).
    assert_eq!(
        titles(&conn, "thanh pho cat ba"),
        ["Du lịch Cát Bà hồi phục", "Tin đảo"]
    );
    assert_eq!(
        titles(&conn, "Thành phố Cát Bà"),
        ["Du lịch Cát Bà hồi phục", "Tin đảo"]
    );
    // Only common words: newest first.
    let common = titles(&conn, "thanh pho");
    assert_eq!(common.len(), 50, "a page of results");
    assert_eq!(common[0], "Tin số 599");
    assert_eq!(common[1], "Tin số 598");
}

#[test]
fn an_overlong_query_is_refused() {
    let (_dir, conn) = crate::fresh();
    let q = newsroom::search::SearchQuery {
        text: "tài nguyên ".repeat(100),
        ..Default::default()
    };
    let err = newsroom::search::search(&conn, &q).expect_err("refused");
    assert_eq!(err.code().as_str(), "invalid_input");
}
