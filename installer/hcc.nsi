; NSIS script template for HCC Desktop, filled in by pynsist (installer/build.sh).
; Per-user installation (no administrator rights): program files in
; %LOCALAPPDATA%\Programs\HCC Desktop, Start-menu shortcut, `hcc-desktop` on the
; user's PATH. The data folder (%LOCALAPPDATA%\HCC\HCC Desktop, chosen by the
; program through platformdirs) is never written here: an upgrade replaces the
; program files only, and uninstalling keeps the data unless the user ticks
; "Xoá cả dữ liệu" (or passes /PURGE to a silent uninstall).
Target amd64-unicode
Unicode true
ManifestDPIAware true
SetCompressor /SOLID lzma
RequestExecutionLevel user

!define PRODUCT_NAME "[[ib.appname]]"
!define PRODUCT_VERSION "[[ib.version]]"
!define PRODUCT_PUBLISHER "[[ib.publisher]]"
!define INSTALLER_NAME "[[ib.installer_name]]"
!define PRODUCT_ICON "[[icon]]"
!define SHORTCUT_NAME "HCC Desktop – Phục vụ hành chính công"
!define DATA_DIR "$LOCALAPPDATA\HCC\HCC Desktop"
!define UNINST_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\HCC Desktop"
!define PYTHON '"$INSTDIR\Python\python.exe" -Es'

!include "MUI2.nsh"
!include "FileFunc.nsh"
!include "LogicLib.nsh"
!include "Sections.nsh"

Name "${SHORTCUT_NAME}"
Caption "${PRODUCT_NAME} ${PRODUCT_VERSION}"
OutFile "${INSTALLER_NAME}"
InstallDir "$LOCALAPPDATA\Programs\${PRODUCT_NAME}"
InstallDirRegKey HKCU "${UNINST_KEY}" "InstallLocation"
ShowInstDetails show
ShowUninstDetails show
BrandingText "${PRODUCT_NAME} ${PRODUCT_VERSION}"

!define MUI_ABORTWARNING
!define MUI_ICON "[[icon]]"
!define MUI_UNICON "[[icon]]"
!define MUI_FINISHPAGE_RUN "$INSTDIR\Python\pythonw.exe"
!define MUI_FINISHPAGE_RUN_PARAMETERS "-m hcc_desktop"
!define MUI_FINISHPAGE_RUN_TEXT "Mở ${PRODUCT_NAME} ngay"
!define MUI_COMPONENTSPAGE_NODESC
!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_COMPONENTS
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "Vietnamese"

VIProductVersion "[[ib.version]].0"
VIAddVersionKey /LANG=${LANG_VIETNAMESE} "ProductName" "${PRODUCT_NAME}"
VIAddVersionKey /LANG=${LANG_VIETNAMESE} "FileDescription" "Cài đặt ${SHORTCUT_NAME}"
VIAddVersionKey /LANG=${LANG_VIETNAMESE} "ProductVersion" "${PRODUCT_VERSION}"
VIAddVersionKey /LANG=${LANG_VIETNAMESE} "FileVersion" "${PRODUCT_VERSION}"
VIAddVersionKey /LANG=${LANG_VIETNAMESE} "CompanyName" "${PRODUCT_PUBLISHER}"
VIAddVersionKey /LANG=${LANG_VIETNAMESE} "LegalCopyright" "${PRODUCT_PUBLISHER}"

Section "!${PRODUCT_NAME}" sec_app
  SectionIn RO
  SetShellVarContext current
  SetOverwrite on

  ; An upgrade replaces the whole program (no module of an older version is left behind);
  ; the data folder is elsewhere and is migrated by the program at its next start.
  ${If} ${FileExists} "$INSTDIR\Python\python.exe"
    DetailPrint "Nâng cấp: thay chương trình cũ, giữ nguyên dữ liệu"
    nsExec::ExecToLog '${PYTHON} "$INSTDIR\_system_path.py" remove_user "$INSTDIR\bin"'
    Pop $0
  ${EndIf}
  RMDir /r "$INSTDIR\pkgs"
  RMDir /r "$INSTDIR\Python"
  RMDir /r "$INSTDIR\bin"

  SetOutPath "$INSTDIR\pkgs"
  File /r "pkgs\*.*"

  [% for destination, group in grouped_files %]
  SetOutPath "[[destination]]"
  [% for file in group %]
  File "[[ file ]]"
  [% endfor %]
  [% endfor %]
  [% for dir, destination in ib.install_dirs %]
  SetOutPath "[[ pjoin(destination, dir) ]]"
  File /r "[[dir]]\*.*"
  [% endfor %]

  ; The Start-menu shortcut (working folder: the user's profile).
  SetOutPath "$PROFILE"
  CreateShortCut "$SMPROGRAMS\${SHORTCUT_NAME}.lnk" "$INSTDIR\Python\pythonw.exe" "-m hcc_desktop" \
    "$INSTDIR\${PRODUCT_ICON}" 0 SW_SHOWNORMAL "" "${SHORTCUT_NAME}"
  SetOutPath "$INSTDIR"

  DetailPrint "Thêm lệnh hcc-desktop vào PATH của người dùng"
  nsExec::ExecToLog '${PYTHON} "$INSTDIR\_system_path.py" add_user "$INSTDIR\bin"'
  Pop $0

  DetailPrint "Biên dịch trước các mô-đun Python"
  nsExec::ExecToLog '${PYTHON} -m compileall -q "$INSTDIR\pkgs"'
  Pop $0

  WriteUninstaller "$INSTDIR\uninstall.exe"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayName" "${SHORTCUT_NAME}"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayVersion" "${PRODUCT_VERSION}"
  WriteRegStr HKCU "${UNINST_KEY}" "Publisher" "${PRODUCT_PUBLISHER}"
  WriteRegStr HKCU "${UNINST_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayIcon" "$INSTDIR\${PRODUCT_ICON}"
  WriteRegStr HKCU "${UNINST_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINST_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD HKCU "${UNINST_KEY}" "EstimatedSize" $0
SectionEnd

Section "-un.program" un_sec_app
  SetShellVarContext current
  nsExec::ExecToLog '${PYTHON} "$INSTDIR\_system_path.py" remove_user "$INSTDIR\bin"'
  Pop $0
  Delete "$SMPROGRAMS\${SHORTCUT_NAME}.lnk"
  RMDir /r "$INSTDIR\pkgs"
  RMDir /r "$INSTDIR\Python"
  RMDir /r "$INSTDIR\bin"
  [% for file, destination in ib.install_files %]
  Delete "[[pjoin(destination, file)]]"
  [% endfor %]
  Delete "$INSTDIR\${PRODUCT_ICON}"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKCU "${UNINST_KEY}"
SectionEnd

Section /o "un.Xoá cả dữ liệu (tài khoản, hồ sơ, nhật ký, bản sao lưu)" un_sec_data
  SetShellVarContext current
  DetailPrint "Xoá thư mục dữ liệu ${DATA_DIR}"
  RMDir /r "${DATA_DIR}"
  RMDir "$LOCALAPPDATA\HCC"
SectionEnd

Function .onInit
  SetShellVarContext current
FunctionEnd

Function un.onInit
  SetShellVarContext current
  ; A silent uninstall keeps the data unless /PURGE is given.
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/PURGE" $R1
  ${IfNot} ${Errors}
    !insertmacro SelectSection ${un_sec_data}
  ${EndIf}
FunctionEnd
