//! On Windows, `newsroom.exe` carries a version resource (the workspace's version, what Explorer's
//! Properties and the installer's checks read) and the app's icon, as `toa-soan.exe` does through
//! tauri-build. Nothing happens for other targets.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=../../icons/icon.ico");
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() != Ok("windows") {
        return;
    }
    let mut res = tauri_winres::WindowsResource::new();
    res.set_icon("../../icons/icon.ico")
        .set("ProductName", "Tòa soạn")
        .set("FileDescription", "newsroom — Tòa soạn từ dòng lệnh")
        .set("OriginalFilename", "newsroom.exe")
        .set("InternalName", "newsroom");
    if let Err(e) = res.compile() {
        panic!("the Windows resources of newsroom.exe: {e}");
    }
}
