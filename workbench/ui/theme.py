"""The app's stylesheet: controls on the left, the page-like preview on the right."""

from __future__ import annotations

#: CSS for the whole app, scoped to `.wb-app`; shipped inside an HTML widget.
CSS = """<style>
.wb-app { --wb-red: #b4232a; --wb-ink: #1f2328; --wb-muted: #6a737d; --wb-line: #d8dce1;
  color: var(--wb-ink); font-family: "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC",
  "Source Han Sans SC", sans-serif; max-width: 1500px; margin: 0 auto; }
.wb-app .widget-html-content { line-height: 1.5; }
/* Controls take the app's Chinese-first face: a browser draws them in its own (Arial
   here), which has no Chinese, so each label first went through a fallback search. */
.wb-app button, .wb-app input, .wb-app textarea, .wb-app select { font-family: inherit; }
.wb-app .wb-header { border-bottom: 3px solid var(--wb-red); padding: 4px 2px 8px;
  margin-bottom: 10px; align-items: flex-end; gap: 16px; }
.wb-app .wb-brand { font-size: 22px; font-weight: 700; color: var(--wb-red);
  letter-spacing: .08em; white-space: nowrap; }
.wb-app .wb-brand small { font-size: 13px; color: var(--wb-muted); font-weight: 400;
  letter-spacing: 0; margin-left: .6em; }
.wb-app .wb-body { gap: 18px; align-items: flex-start; }
.wb-app .wb-left { background: #f6f7f9; border: 1px solid var(--wb-line); border-radius: 6px;
  padding: 10px 10px 12px; box-sizing: border-box; }
/* Tabs as wide as their labels, never cut: on a narrow window (1024 px) they wrap onto a
   second row instead of shrinking. */
.wb-app .wb-left .wb-tabs > .lm-TabBar, .wb-app .wb-left .wb-tabs > .p-TabBar {
  height: auto !important; min-height: 0; overflow: visible; }
.wb-app .wb-left .wb-tabs > .lm-TabBar > .lm-TabBar-content,
.wb-app .wb-left .wb-tabs > .p-TabBar > .p-TabBar-content { flex-wrap: wrap; height: auto; }
.wb-app .wb-left .wb-tabs > .lm-TabBar .lm-TabBar-tab,
.wb-app .wb-left .wb-tabs > .p-TabBar .p-TabBar-tab {
  flex: 1 0 auto; min-width: max-content; max-width: none; padding: 0 8px; }
.wb-app .wb-left .wb-tabs > .lm-TabBar .lm-TabBar-tabLabel,
.wb-app .wb-left .wb-tabs > .p-TabBar .p-TabBar-tabLabel { overflow: visible; text-overflow: clip; }
.wb-app .wb-tab-body { height: calc(72vh - 30px); min-height: 360px; overflow-y: auto;
  overflow-x: hidden; padding-right: 4px; }
.wb-app .wb-left .widget-vbox > *, .wb-app .wb-right .widget-vbox > * { flex-shrink: 0; }
.wb-app .wb-import > .widget-hbox:first-child { flex-direction: column; }
.wb-app .wb-import > .widget-hbox:first-child > .widget-vbox { width: 100% !important; }
.wb-app .wb-import > .widget-hbox:last-of-type { flex-wrap: wrap; }
.wb-app .wb-section-title { font-weight: 700; margin: 10px 0 4px; padding-left: 6px;
  border-left: 3px solid var(--wb-red); }
.wb-app .wb-hint { color: var(--wb-muted); font-size: 12px; line-height: 1.5; margin: 2px 0 6px; }
.wb-app .wb-fact-row { margin-bottom: 4px; }
.wb-app .wb-fact-row > .widget-text, .wb-app .wb-fact-row > .widget-textarea {
  width: calc(100% - 14px) !important; }
.wb-app .wb-fact-row .widget-html { margin-bottom: 0; }
.wb-app .wb-fact-label { font-weight: 600; font-size: 13px; }
.wb-app .wb-required { color: var(--wb-red); margin-left: .3em; font-size: 12px; }
.wb-app .wb-required-empty { background: #fde8e8; border-radius: 3px; padding: 0 .4em; }
.wb-app .wb-missing input, .wb-app .wb-missing textarea { border-color: #e39b9b; }
.wb-app .wb-required-bad { background: #fde8e8; border-radius: 3px; padding: 0 .4em; }
.wb-app .wb-fact-invalid input, .wb-app .wb-fact-invalid textarea { border-color: var(--wb-red); }
.wb-app .wb-fact-error .widget-html-content { line-height: 1.2; }
.wb-app .wb-error-text { color: var(--wb-red); font-size: 12px; }
.wb-app .wb-part { border-bottom: 1px dashed var(--wb-line); padding: 2px 0; }
.wb-app .wb-ord { display: inline-block; min-width: 2em; font-family: "黑体", "SimHei",
  "Noto Sans CJK SC", sans-serif; font-weight: 700; }
.wb-app .wb-ord-off { color: #aab; font-weight: 400; }
.wb-app .wb-right { min-width: 0; }
.wb-app .wb-export-bar { gap: 4px; margin-bottom: 8px; }
.wb-app .wb-download a { font-weight: 600; color: #0b5cad; margin-left: 8px; }
.wb-app .wb-download-size { color: var(--wb-muted); font-size: 12px; }
.wb-app .wb-preview { background: #e4e6ea; border-radius: 6px; padding: 18px 12px;
  box-sizing: border-box; }
.wb-app .wb-preview .wb-page { min-height: 60vh; }
.wb-app .wb-stats { margin-top: 6px; }
.wb-app .wb-stat { margin-right: 1.4em; font-size: 13px; }
.wb-app .wb-stat b { font-size: 15px; }
.wb-app .wb-stat-target { color: var(--wb-muted); }
.wb-app .wb-problems-title { font-weight: 700; font-size: 13px; margin-top: 4px; }
.wb-app .wb-findings { margin: 2px 0 0; padding-left: 1.2em; font-size: 13px; }
.wb-app .wb-finding.wb-warning { color: #8a5300; }
.wb-app .wb-finding.wb-error { color: var(--wb-red); }
.wb-app .wb-finding.wb-info { color: #2f5d8a; }
.wb-app .wb-finding[data-pid] { cursor: pointer; }
.wb-app .wb-finding[data-pid]:hover { text-decoration: underline; }
.wb-app .wb-preview .wb-flash { outline: 2px solid #e0a000; outline-offset: 2px; }
.wb-app .wb-fact-row.wb-carried input, .wb-app .wb-fact-row.wb-carried textarea,
.wb-app .wb-fact-row.wb-sample input, .wb-app .wb-fact-row.wb-sample textarea {
  background: #fff7e0; border-color: #e0c060; }
.wb-app .wb-fact-mark { color: #8a5300; font-size: 12px; margin-right: .5em; }
.wb-app .wb-export-warning { color: #8a5300; font-size: 13px; margin-top: 2px; }
.wb-app .wb-times { color: var(--wb-muted); margin-left: .4em; }
.wb-app .wb-problems-ok { color: #1a7f37; font-size: 13px; margin-top: 4px; }
.wb-app .wb-problem-actions { margin-top: 4px; font-size: 13px; }
.wb-app .wb-problem-row .widget-html, .wb-app .wb-ignored-row .widget-html { font-size: 13px; }
.wb-app .wb-problem-row button, .wb-app .wb-ignored-row button { font-size: 12px; height: 24px; }
.wb-app .wb-ignored-title { font-weight: 700; font-size: 13px; margin-top: 6px; }
.wb-app .wb-ignored { color: var(--wb-muted); }
.wb-app .wb-problem-label.wb-warning { color: #8a5300; }
.wb-app .wb-problem-label.wb-error { color: var(--wb-red); }
.wb-app .wb-problem-label.wb-info { color: #2f5d8a; }
.wb-app .wb-msg { padding: 3px 10px; border-radius: 4px; font-size: 13px; display: inline-block; }
.wb-app .wb-msg-ok { background: #e6f4ea; color: #1a7f37; }
.wb-app .wb-msg-info { background: #eef3fb; color: #2f5d8a; }
.wb-app .wb-msg-warning { background: #fff4d6; color: #8a5300; }
.wb-app .wb-msg-error { background: #fde8e8; color: var(--wb-red); }
.wb-app .wb-status { text-align: right; }
.wb-app .wb-edit-label { font-weight: 600; font-size: 13px; }
.wb-app .wb-badge { background: #5b9bd5; color: #fff; border-radius: 3px; font-size: 11px;
  padding: 0 .4em; margin-left: .5em; }
.wb-app .wb-edit-text textarea { font-family: "仿宋_GB2312", "仿宋", "FangSong",
  "Noto Serif CJK SC", serif; font-size: 14px; line-height: 1.6; }
.wb-app .wb-versions select { font-size: 13px; }
.wb-app .wb-version-diff .wb-diff { background: #fff; border: 1px solid var(--wb-line);
  border-radius: 4px; padding: 8px 10px; margin-top: 6px; max-height: 48vh; overflow-y: auto;
  font-family: "仿宋_GB2312", "仿宋", "FangSong", "Noto Serif CJK SC", serif; font-size: 14px; }
.wb-app .wb-version-diff .wb-diff-summary { font-family: "Noto Sans CJK SC", "Microsoft YaHei",
  sans-serif; font-size: 13px; }
</style>"""
