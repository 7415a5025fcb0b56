//! The portal profile: how one portal shows an article (masthead, lead prefix, time line, footer).
//!
//! The skeleton ships the Hải Phòng profile built in; editable, stored profiles come with the export issue.

use serde::{Deserialize, Serialize};

/// How a portal shows its articles.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct Profile {
    /// First line of the masthead ("Cổng thông tin điện tử").
    pub site_kind: String,
    /// Second line of the masthead ("Thành phố Hải Phòng").
    pub site_name: String,
    /// Put before the lead; the reporter does not type it ("(Haiphong.gov.vn) - ").
    pub lead_prefix: String,
    /// Label of the time line ("Thời gian:").
    pub time_label: String,
    /// Lines of the footer block, in order.
    pub footer: Vec<String>,
    /// Language of the portal (BCP 47).
    pub language: String,
    /// Widths of the photo renditions, in pixels (a photo narrower than one is not enlarged).
    pub rendition_widths: Vec<u32>,
    /// JPEG quality of the renditions, 1–100.
    pub jpeg_quality: u8,
}

impl Profile {
    /// The Hải Phòng city e-portal, as printed on its pages.
    pub fn hai_phong() -> Self {
        Profile {
            site_kind: "Cổng thông tin điện tử".into(),
            site_name: "Thành phố Hải Phòng".into(),
            lead_prefix: "(Haiphong.gov.vn) - ".into(),
            time_label: "Thời gian:".into(),
            footer: [
                "Cổng thông tin điện tử thành phố Hải Phòng",
                "Cơ quan quản lý: Văn phòng Ủy ban nhân dân thành phố Hải Phòng",
                "Trưởng Ban biên tập: Chánh Văn phòng Nguyễn Ngọc Tú",
                "Địa chỉ: Số 18 Hoàng Diệu, Minh Khai, Hồng Bàng, Hải Phòng",
                "Cơ quan thường trực: Trung tâm Thông tin - Tin học, Văn phòng UBND thành phố; nhà Đ, số 18 Hoàng Diệu, Minh Khai, Hồng Bàng, Hải Phòng",
                "Điện thoại: 0225.3821.055 · Fax: 0225.3747.352 · Email: congthongtindientu@haiphong.gov.vn",
            ]
            .into_iter()
            .map(String::from)
            .collect(),
            language: "vi".into(),
            rendition_widths: vec![1600, 800, 320],
            jpeg_quality: 82,
        }
    }
}

impl Default for Profile {
    fn default() -> Self {
        Profile::hai_phong()
    }
}
