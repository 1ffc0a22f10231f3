; Inno Setup 6 script: the Windows installer of Xueji Desktop (学籍档案室).
;
; Installs the PyInstaller one-folder build (dist\xueji\, made by installer/xueji.spec) for all
; users of a Windows 10/11 x64 workstation. Names, version numbers and the AppId come from
; app_info.iss, generated from src/xueji_desktop/about.py by gen_app_info.py; nothing here
; repeats them. Build on Windows, from the repository root, after the frozen build:
;
;   "C:\Program Files (x86)\Inno Setup 6\ISCC.exe" installer\xueji.iss
;
; The setup program is written to dist\. Design and choices: docs/design/installer.md; release
; steps (signing included): docs/release.md.
;
; The uninstaller removes only what this script installed under {app}, the shortcuts and the
; scheduled backup task. It never touches the archive (%LOCALAPPDATA%\XuejiDesktop), the
; settings, the logs or the backup drives: no [InstallDelete]/[UninstallDelete] entry may name
; anything outside {app} (tests/installer/test_inno.py checks it).

#include "app_info.iss"

#if VER < EncodeVer(6, 5, 0)
  #error Inno Setup 6.5.0 or later is needed (official Simplified Chinese messages).
#endif

; The PyInstaller output, found from this script's folder (SourcePath), wherever ISCC runs from.
; ISCC /DDistDir=... overrides it.
#ifndef DistDir
  #define DistDir AddBackslash(SourcePath) + "..\dist\" + FrozenDir
#endif
#if !FileExists(DistDir + "\" + CliExe) || !FileExists(DistDir + "\" + GuiExe)
  #error Build the frozen folder first (dist\xueji\ with both programs): see docs/release.md.
#endif

; The scheduled task: the same name and command as README.md ("A daily backup on Windows").
#define BackupTaskName "Xueji backup"
#define BackupTaskTime "12:30"

[Setup]
AppId={#AppId}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppPublisher}
AppCopyright={#AppCopyright}
VersionInfoVersion={#AppVersionNumbers}
VersionInfoProductVersion={#AppVersionNumbers}
VersionInfoProductTextVersion={#AppVersion}
VersionInfoProductName={#AppName}
VersionInfoCompany={#AppPublisher}
VersionInfoCopyright={#AppCopyright}
VersionInfoDescription={#AppName} Setup
; Per-machine: one copy in Program Files for every Windows account of the workstation.
PrivilegesRequired=admin
DefaultDirName={autopf}\{#StringChange(AppName, " ", "")}
DisableProgramGroupPage=yes
; x64 only, Windows 10 or later.
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
SetupIconFile=..\resources\icons\xueji.ico
UninstallDisplayIcon={app}\xueji.ico
UninstallDisplayName={#AppName} {#AppVersion}
OutputDir=..\dist
OutputBaseFilename={#DistName}-{#AppVersion}-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; Close a running copy before files are replaced (the archive's own lock protects the data).
CloseApplications=yes
RestartApplications=no
ShowLanguageDialog=auto
; Code signing with the school's certificate (docs/release.md). Define a sign tool named
; "schoolsign" and pass /DSign, e.g.
;   ISCC /DSign "/Sschoolsign=signtool.exe sign /fd SHA256 /sha1 <thumbprint> /tr <RFC 3161 URL> /td SHA256 $f" installer\xueji.iss
; Inno then signs (and timestamps) both the setup program and the uninstaller. Without /DSign
; the installer is unsigned (a test build). To sign from the Compiler IDE instead, define the
; tool under Tools > Configure Sign Tools and uncomment:
;SignTool=schoolsign
#ifdef Sign
SignTool=schoolsign
#endif

[Languages]
; Simplified Chinese first: the default when Windows' language matches neither entry.
; ChineseSimplified.isl is an official translation since Inno Setup 6.5.0 (hence the check above).
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"; InfoBeforeFile: "languages\info-zh.txt"
Name: "english"; MessagesFile: "compiler:Default.isl"; InfoBeforeFile: "languages\info-en.txt"

[CustomMessages]
chinesesimplified.ShortcutName={#AppNameZh}
english.ShortcutName={#AppName}
chinesesimplified.ShortcutComment=离线、加密的学籍档案管理
english.ShortcutComment=Offline, encrypted student-records archive
chinesesimplified.BackupTaskGroup=自动备份：
english.BackupTaskGroup=Automatic backup:
chinesesimplified.BackupTaskDescription=每天 {#BackupTaskTime} 自动备份到已登记的U盘（Windows 计划任务“{#BackupTaskName}”，为当前 Windows 账户创建）
english.BackupTaskDescription=Back up to an enrolled USB drive every day at {#BackupTaskTime} (Windows scheduled task "{#BackupTaskName}", for the current Windows account)
chinesesimplified.CreatingBackupTask=正在创建每日备份计划任务...
english.CreatingBackupTask=Creating the daily backup task...
chinesesimplified.UninstallKeptData=程序文件已删除。%n%n档案库、备份、设置和日志都没有删除：档案库默认在每个 Windows 账户的 %1，设置和日志在 %2，备份在已登记的U盘上。重新安装后可以继续使用；确实不再需要时，由管理员按《管理员手册》处理。%n%n每日备份计划任务“{#BackupTaskName}”（如果有）已删除。
english.UninstallKeptData=The program files were removed.%n%nThe archive, the backups, the settings and the logs were kept: the archive is by default in %1 of each Windows account, the settings and logs in %2, and the backups are on the enrolled USB drives. Reinstall to use them again; when they are really no longer needed, the administrator disposes of them as the administrator's manual says.%n%nThe daily backup task "{#BackupTaskName}" (if there was one) was removed.

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"
Name: "backuptask"; Description: "{cm:BackupTaskDescription}"; GroupDescription: "{cm:BackupTaskGroup}"; Flags: unchecked

[InstallDelete]
; An upgrade replaces the whole bundle: no library of the previous version may stay behind.
; Only ever {app}: user data lives elsewhere and is never deleted.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#DistDir}\{#CliExe}"; DestDir: "{app}"; Flags: ignoreversion
Source: "{#DistDir}\{#GuiExe}"; DestDir: "{app}"; Flags: ignoreversion
Source: "{#DistDir}\*"; DestDir: "{app}"; Excludes: "\{#CliExe},\{#GuiExe}"; Flags: ignoreversion recursesubdirs createallsubdirs
Source: "..\resources\icons\xueji.ico"; DestDir: "{app}"; Flags: ignoreversion
Source: "..\resources\licenses\THIRD_PARTY_NOTICES.txt"; DestDir: "{app}"; Flags: ignoreversion

[Icons]
Name: "{autoprograms}\{cm:ShortcutName}"; Filename: "{app}\{#GuiExe}"; WorkingDir: "{app}"; IconFilename: "{app}\xueji.ico"; Comment: "{cm:ShortcutComment}"
Name: "{autodesktop}\{cm:ShortcutName}"; Filename: "{app}\{#GuiExe}"; WorkingDir: "{app}"; IconFilename: "{app}\xueji.ico"; Comment: "{cm:ShortcutComment}"; Tasks: desktopicon

[Run]
; The task runs `xueji backup` as the Windows account that started setup (not the elevated
; administrator), only while that account is logged on, as README.md describes.
Filename: "{sys}\schtasks.exe"; Parameters: "/Create /TN ""{#BackupTaskName}"" /SC DAILY /ST {#BackupTaskTime} /RL LIMITED /F /TR ""\""{app}\{#CliExe}\"" backup"""; StatusMsg: "{cm:CreatingBackupTask}"; Flags: runasoriginaluser runhidden; Tasks: backuptask
Filename: "{app}\{#GuiExe}"; Description: "{cm:LaunchProgram,{cm:ShortcutName}}"; Flags: postinstall nowait skipifsilent unchecked

[UninstallRun]
; Always, even when setup did not create it: the task would only start a program that is gone.
Filename: "{sys}\schtasks.exe"; Parameters: "/Delete /TN ""{#BackupTaskName}"" /F"; Flags: runhidden; RunOnceId: "DeleteBackupTask"

[Code]
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  // Say what stays: the archive and the backups are the school's records, never the program's.
  if (CurUninstallStep = usPostUninstall) and not UninstallSilent then
    // A literal, not {localappdata}: the uninstaller may run as another (administrator) account.
    MsgBox(FmtMessage(CustomMessage('UninstallKeptData'), ['%LOCALAPPDATA%\XuejiDesktop', '%LOCALAPPDATA%\xueji-desktop']),
      mbInformation, MB_OK);
end;
