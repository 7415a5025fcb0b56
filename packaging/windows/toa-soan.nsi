; The Windows installer of Tòa soạn, made here with Debian's makensis (`make windows`).
;
; Per user, no administrator needed: the program goes to %LOCALAPPDATA%\Programs\Toa soan (the
; window toa-soan.exe with WebView2Loader.dll beside it, newsroom.exe, and the Vietnamese spelling
; dictionary in hunspell\), a "Tòa soạn" entry into
; the user's Start menu, the program's folder onto the user's PATH (so `newsroom` works in any
; terminal), an entry into "Apps & features", and the files it opens: `.toasoan` bundles open
; with it (their own type, "Gói bài Tòa soạn"), and Word's `.docx` gets "Mở bằng Tòa soạn" in its
; menu and in "Open with" without taking Word's place (the app makes a new draft of it). Both in
; the user's own classes (HKCU\Software\Classes). The uninstaller removes the program, its
; Start-menu entry, those file types and that PATH entry and leaves the newsroom's data in %APPDATA%\vn.toasoan.newsroom, saying
; where it is. The window needs Microsoft's WebView2 runtime, which Windows 10 and 11 carry; when it
; is missing the app says so at start (src-tauri/src/startup.rs).
;
; Defines given by the Makefile: VERSION (the workspace's, x.y.z), SOURCE (the folder holding
; the exes and WebView2Loader.dll), OUTFILE.

; 64-bit, as the program is (and as Wine here runs: no 32-bit Wine).
Target amd64-unicode
SetCompressor /SOLID lzma
RequestExecutionLevel user

!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "StrFunc.nsh"
!include "WinMessages.nsh"
${StrStr}
${UnStrRep}

!define PRODUCT "Tòa soạn"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\ToaSoan"
!define DATA_DIR "$APPDATA\vn.toasoan.newsroom"
!define CLASSES "Software\Classes"
!define BUNDLE_CLASS "ToaSoan.Bundle"
!define WORD_CLASS "ToaSoan.Word"
; SHChangeNotify(SHCNE_ASSOCCHANGED): Explorer shows the new file types at once.
!define ASSOC_CHANGED "System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'"

Name "${PRODUCT}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\Toa soan"
InstallDirRegKey HKCU "${UNINSTALL_KEY}" "InstallLocation"
Icon "..\..\icons\icon.ico"
UninstallIcon "..\..\icons\icon.ico"

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=0 "ProductName" "${PRODUCT}"
VIAddVersionKey /LANG=0 "FileDescription" "Cài đặt ${PRODUCT}"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "LegalCopyright" "Tòa soạn"

!define MUI_ICON "..\..\icons\icon.ico"
!define MUI_UNICON "..\..\icons\icon.ico"
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "Vietnamese"
!insertmacro MUI_LANGUAGE "English"

Section "Tòa soạn"
  SetOutPath "$INSTDIR"
  File "${SOURCE}\newsroom.exe"
  File "${SOURCE}\toa-soan.exe"
  File "${SOURCE}\WebView2Loader.dll"
  ; The Vietnamese spelling dictionary (Debian's hunspell-vi, GPL-2, its copyright and licence
  ; beside it), found next to the program (newsroom_text::spell).
  SetOutPath "$INSTDIR\hunspell"
  File "${SOURCE}\hunspell\vi_VN.aff"
  File "${SOURCE}\hunspell\vi_VN.dic"
  File "${SOURCE}\hunspell\copyright.txt"
  File "${SOURCE}\hunspell\GPL-2.txt"
  SetOutPath "$INSTDIR"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  CreateShortcut "$SMPROGRAMS\${PRODUCT}.lnk" "$INSTDIR\toa-soan.exe"

  ; The program's folder on the user's PATH, once.
  ReadRegStr $0 HKCU "Environment" "Path"
  ${StrStr} $1 "$0" "$INSTDIR"
  ${If} $1 == ""
    ${If} $0 == ""
      WriteRegExpandStr HKCU "Environment" "Path" "$INSTDIR"
    ${Else}
      WriteRegExpandStr HKCU "Environment" "Path" "$0;$INSTDIR"
    ${EndIf}
    SendMessage ${HWND_BROADCAST} ${WM_SETTINGCHANGE} 0 "STR:Environment" /TIMEOUT=500
  ${EndIf}

  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${PRODUCT}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "${PRODUCT}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\toa-soan.exe"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1

  ; .toasoan: our own type, opened by the app (which receives the bundle).
  WriteRegStr HKCU "${CLASSES}\.toasoan" "" "${BUNDLE_CLASS}"
  WriteRegStr HKCU "${CLASSES}\.toasoan" "Content Type" "application/x-toasoan-bundle"
  WriteRegStr HKCU "${CLASSES}\${BUNDLE_CLASS}" "" "Gói bài Tòa soạn"
  WriteRegStr HKCU "${CLASSES}\${BUNDLE_CLASS}\DefaultIcon" "" '"$INSTDIR\toa-soan.exe",0'
  WriteRegStr HKCU "${CLASSES}\${BUNDLE_CLASS}\shell\open" "" "Mở bằng ${PRODUCT}"
  WriteRegStr HKCU "${CLASSES}\${BUNDLE_CLASS}\shell\open\command" "" '"$INSTDIR\toa-soan.exe" "%1"'
  ; .docx stays Word's: the app is one more choice ("Open with", and its own menu entry).
  WriteRegStr HKCU "${CLASSES}\.docx\OpenWithProgids" "${WORD_CLASS}" ""
  WriteRegStr HKCU "${CLASSES}\${WORD_CLASS}" "" "Tài liệu Word (bài mới trong Tòa soạn)"
  WriteRegStr HKCU "${CLASSES}\${WORD_CLASS}\DefaultIcon" "" '"$INSTDIR\toa-soan.exe",0'
  WriteRegStr HKCU "${CLASSES}\${WORD_CLASS}\shell\open" "" "Mở bằng ${PRODUCT}"
  WriteRegStr HKCU "${CLASSES}\${WORD_CLASS}\shell\open\command" "" '"$INSTDIR\toa-soan.exe" "%1"'
  WriteRegStr HKCU "${CLASSES}\SystemFileAssociations\.docx\shell\ToaSoan" "" "Mở bằng ${PRODUCT}"
  WriteRegStr HKCU "${CLASSES}\SystemFileAssociations\.docx\shell\ToaSoan" "Icon" '"$INSTDIR\toa-soan.exe",0'
  WriteRegStr HKCU "${CLASSES}\SystemFileAssociations\.docx\shell\ToaSoan\command" "" '"$INSTDIR\toa-soan.exe" "%1"'
  WriteRegStr HKCU "${CLASSES}\Applications\toa-soan.exe" "FriendlyAppName" "${PRODUCT}"
  WriteRegStr HKCU "${CLASSES}\Applications\toa-soan.exe\SupportedTypes" ".toasoan" ""
  WriteRegStr HKCU "${CLASSES}\Applications\toa-soan.exe\SupportedTypes" ".docx" ""
  WriteRegStr HKCU "${CLASSES}\Applications\toa-soan.exe\shell\open\command" "" '"$INSTDIR\toa-soan.exe" "%1"'
  ${ASSOC_CHANGED}
SectionEnd

Section "Uninstall"
  Delete "$INSTDIR\newsroom.exe"
  Delete "$INSTDIR\toa-soan.exe"
  Delete "$INSTDIR\WebView2Loader.dll"
  Delete "$INSTDIR\hunspell\vi_VN.aff"
  Delete "$INSTDIR\hunspell\vi_VN.dic"
  Delete "$INSTDIR\hunspell\copyright.txt"
  Delete "$INSTDIR\hunspell\GPL-2.txt"
  RMDir "$INSTDIR\hunspell"
  Delete "$SMPROGRAMS\${PRODUCT}.lnk"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"

  ReadRegStr $0 HKCU "Environment" "Path"
  ${UnStrRep} $0 "$0" ";$INSTDIR" ""
  ${UnStrRep} $0 "$0" "$INSTDIR;" ""
  ${UnStrRep} $0 "$0" "$INSTDIR" ""
  WriteRegExpandStr HKCU "Environment" "Path" "$0"
  SendMessage ${HWND_BROADCAST} ${WM_SETTINGCHANGE} 0 "STR:Environment" /TIMEOUT=500

  DeleteRegKey HKCU "${UNINSTALL_KEY}"
  ; The file types: ours go; .docx keeps whatever else it had (Word's).
  ReadRegStr $0 HKCU "${CLASSES}\.toasoan" ""
  ${If} $0 == "${BUNDLE_CLASS}"
    DeleteRegKey HKCU "${CLASSES}\.toasoan"
  ${EndIf}
  DeleteRegKey HKCU "${CLASSES}\${BUNDLE_CLASS}"
  DeleteRegValue HKCU "${CLASSES}\.docx\OpenWithProgids" "${WORD_CLASS}"
  DeleteRegKey /ifempty HKCU "${CLASSES}\.docx\OpenWithProgids"
  DeleteRegKey /ifempty HKCU "${CLASSES}\.docx"
  DeleteRegKey HKCU "${CLASSES}\${WORD_CLASS}"
  DeleteRegKey HKCU "${CLASSES}\SystemFileAssociations\.docx\shell\ToaSoan"
  DeleteRegKey /ifempty HKCU "${CLASSES}\SystemFileAssociations\.docx\shell"
  DeleteRegKey /ifempty HKCU "${CLASSES}\SystemFileAssociations\.docx"
  DeleteRegKey HKCU "${CLASSES}\Applications\toa-soan.exe"
  ${ASSOC_CHANGED}
  ; The newsroom's data stays: say where.
  DetailPrint "Dữ liệu tòa soạn vẫn được giữ ở ${DATA_DIR} / The newsroom's data is kept in ${DATA_DIR}"
  IfSilent +2
  MessageBox MB_OK|MB_ICONINFORMATION "Đã gỡ ${PRODUCT}. Bài viết và ảnh vẫn được giữ ở:$\r$\n${DATA_DIR}$\r$\n$\r$\n${PRODUCT} was removed. Articles and photos are kept in that folder."
SectionEnd
