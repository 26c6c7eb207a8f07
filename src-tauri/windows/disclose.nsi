; Disclose's Windows installer: the desktop window and the `disclose` command line in
; Program Files, a Start Menu shortcut, an uninstaller. Built by scripts/cross-windows with
; Debian's makensis (Tauri's own NSIS bundler downloads its plugins from GitHub):
; (makensis works from this file's folder: relative paths below start here.)
;   makensis -DVERSION=0.1.0 -DBIN_DIR=<the build's folder> -DOUT_FILE=<setup.exe> disclose.nsi
; BIN_DIR holds disclose-desktop.exe, disclose.exe and WebView2Loader.dll.
; The window runs on Microsoft Edge WebView2, part of Windows 11 and of updated Windows 10.
; With -DWEBVIEW2_BOOTSTRAPPER=<MicrosoftEdgeWebview2Setup.exe> (Microsoft's small online
; installer, fetched beforehand) the installer also installs the runtime where it is missing.

; A 64-bit installer (the app is 64-bit only): it also runs under a 64-bit-only Wine.
Target amd64-unicode
SetCompressor /SOLID lzma
ManifestDPIAware true

!ifndef VERSION
  !error "pass -DVERSION=x.y.z"
!endif
!ifndef BIN_DIR
  !error "pass -DBIN_DIR=<folder holding disclose-desktop.exe, disclose.exe, WebView2Loader.dll>"
!endif
!ifndef OUT_FILE
  !define OUT_FILE "Disclose-${VERSION}-setup.exe"
!endif

!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\Disclose"
; Edge WebView2 runtime's client id (Microsoft's documented detection key).
!define WEBVIEW2_KEY "Microsoft\EdgeUpdate\Clients\{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}"

!include "MUI2.nsh"
!include "x64.nsh"
!include "LogicLib.nsh"

Name "Disclose"
OutFile "${OUT_FILE}"
InstallDir "$PROGRAMFILES64\Disclose"
InstallDirRegKey HKLM "${UNINSTALL_KEY}" "InstallLocation"
RequestExecutionLevel admin
VIProductVersion "${VERSION}.0"
VIAddVersionKey "ProductName" "Disclose"
VIAddVersionKey "FileDescription" "Disclose installer"
VIAddVersionKey "ProductVersion" "${VERSION}"
VIAddVersionKey "FileVersion" "${VERSION}"
VIAddVersionKey "LegalCopyright" "MIT OR Apache-2.0"

!define MUI_ICON "../icons/icon.ico"
!define MUI_UNICON "../icons/icon.ico"
!define MUI_FINISHPAGE_RUN "$INSTDIR\disclose-desktop.exe"
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "English"

Function .onInit
  ${IfNot} ${RunningX64}
    MessageBox MB_ICONSTOP "Disclose needs 64-bit Windows." /SD IDOK
    Abort
  ${EndIf}
  SetRegView 64
  SetShellVarContext all
FunctionEnd

Function un.onInit
  SetRegView 64
  SetShellVarContext all
FunctionEnd

Section "Disclose" SecMain
  SectionIn RO
  SetOutPath "$INSTDIR"
  File "${BIN_DIR}\disclose-desktop.exe"
  File "${BIN_DIR}\disclose.exe"
  ; The WebView2 SDK's loader, which a MinGW-built window links dynamically (webview2-com-sys
  ; puts it beside the build's .exe files); redistributable under the SDK's licence.
  File "${BIN_DIR}\WebView2Loader.dll"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateShortCut "$SMPROGRAMS\Disclose.lnk" "$INSTDIR\disclose-desktop.exe"

  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayName" "Disclose"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "Publisher" "Disclose"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\disclose-desktop.exe"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKLM "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoRepair" 1

  ; The window needs the WebView2 runtime (machine-wide or this user's).
  ReadRegStr $0 HKLM "SOFTWARE\WOW6432Node\${WEBVIEW2_KEY}" "pv"
  ${If} $0 == ""
    ReadRegStr $0 HKCU "Software\${WEBVIEW2_KEY}" "pv"
  ${EndIf}
  ${If} $0 == ""
  ${OrIf} $0 == "0.0.0.0"
!ifdef WEBVIEW2_BOOTSTRAPPER
    DetailPrint "Installing the Microsoft Edge WebView2 runtime"
    InitPluginsDir
    File "/oname=$PLUGINSDIR\MicrosoftEdgeWebview2Setup.exe" "${WEBVIEW2_BOOTSTRAPPER}"
    ExecWait '"$PLUGINSDIR\MicrosoftEdgeWebview2Setup.exe" /silent /install'
!else
    MessageBox MB_ICONINFORMATION "Disclose's window needs the Microsoft Edge WebView2 runtime, which this computer lacks. Install it from https://developer.microsoft.com/microsoft-edge/webview2/ (the command line, disclose.exe, works without it)." /SD IDOK
!endif
  ${EndIf}
SectionEnd

Section "Uninstall"
  ; The offices' data (the data folder under AppData) is the user's and stays.
  Delete "$INSTDIR\disclose-desktop.exe"
  Delete "$INSTDIR\disclose.exe"
  Delete "$INSTDIR\WebView2Loader.dll"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  Delete "$SMPROGRAMS\Disclose.lnk"
  DeleteRegKey HKLM "${UNINSTALL_KEY}"
SectionEnd
