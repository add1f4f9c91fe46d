/**
 * The widget's whole stylesheet, inside its shadow root. `:host { all: initial }` stops the
 * page's inherited styles (font, colour, line height) at the door; page selectors cannot
 * reach inside at all.
 */
export const styles = `
:host { all: initial !important; }
.cc { --cc-color: #2563eb; position: fixed; bottom: 20px; right: 20px; z-index: 2147483000;
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "PingFang SC", "Microsoft YaHei", sans-serif;
  color: #1f2937; text-align: left; }
.cc.left { right: auto; left: 20px; }
.cc *, .cc *::before, .cc *::after { box-sizing: border-box; }
/* :where() keeps this reset weaker than the rules below it. */
.cc :where(button, input, textarea) { font: inherit; color: inherit; }
.cc :focus-visible { outline: 3px solid #f59e0b; outline-offset: 2px; }
.launcher { position: relative; width: 56px; height: 56px; border: 0; border-radius: 50%; cursor: pointer;
  background: var(--cc-color); color: #fff; box-shadow: 0 4px 14px rgba(0,0,0,.25); display: grid; place-items: center; margin-left: auto; }
.cc.left .launcher { margin-left: 0; }
.launcher svg { width: 26px; height: 26px; fill: currentColor; }
.badge { position: absolute; top: -4px; right: -4px; min-width: 20px; height: 20px; padding: 0 5px; border-radius: 10px;
  background: #dc2626; color: #fff; font-size: 12px; font-weight: 600; line-height: 20px; text-align: center; }
.panel { position: absolute; bottom: 72px; right: 0; width: 370px; height: min(600px, calc(100vh - 110px));
  display: flex; flex-direction: column; background: #fff; border-radius: 14px; overflow: hidden;
  box-shadow: 0 10px 40px rgba(0,0,0,.25); }
.cc.left .panel { right: auto; left: 0; }
.head { display: flex; align-items: center; gap: 8px; padding: 14px 16px; background: var(--cc-color); color: #fff; }
.head h2 { flex: 1; margin: 0; font-size: 16px; font-weight: 600; }
.icon-button { border: 0; background: transparent; color: inherit; cursor: pointer; padding: 6px; border-radius: 6px; font-size: 18px; line-height: 1; }
.banner { margin: 0; padding: 8px 16px; background: #fef3c7; color: #78350f; font-size: 13px; }
.banner.error { background: #fee2e2; color: #7f1d1d; display: flex; gap: 8px; align-items: flex-start; }
.banner.error span { flex: 1; }
.body { flex: 1; overflow-y: auto; padding: 12px 16px; background: #f9fafb; }
.older { display: block; margin: 0 auto 10px; border: 1px solid #d1d5db; background: #fff; border-radius: 14px; padding: 4px 12px; cursor: pointer; }
.greeting, .note { margin: 0 0 12px; padding: 10px 12px; background: #fff; border-radius: 10px; border: 1px solid #e5e7eb; }
.note { background: #eff6ff; border-color: #bfdbfe; }
.row { display: flex; gap: 8px; margin: 6px 0; align-items: flex-end; }
.row.mine { justify-content: flex-end; }
.avatar { flex: none; width: 28px; height: 28px; border-radius: 50%; color: #fff; font-size: 12px; font-weight: 600;
  display: grid; place-items: center; }
.bubble { max-width: 78%; padding: 8px 11px; border-radius: 14px; background: #fff; border: 1px solid #e5e7eb;
  white-space: pre-wrap; overflow-wrap: anywhere; }
.mine .bubble { background: var(--cc-color); border-color: var(--cc-color); color: #fff; }
.mine .bubble a { color: #fff; }
.bubble a { color: var(--cc-color); text-decoration: underline; }
.sender { display: block; font-size: 12px; color: #6b7280; margin-bottom: 2px; }
.meta { display: block; font-size: 11px; opacity: .8; margin-top: 3px; text-align: right; }
.refused .bubble { background: #fee2e2; border-color: #fca5a5; color: #7f1d1d; }
.bubble img { display: block; max-width: 100%; max-height: 220px; border-radius: 8px; margin: 2px 0; }
.typing { margin: 4px 0 0 36px; color: #6b7280; font-style: italic; font-size: 13px; }
.composer { display: flex; gap: 6px; align-items: flex-end; padding: 10px; border-top: 1px solid #e5e7eb; background: #fff; }
.composer textarea { flex: 1; resize: none; max-height: 120px; min-height: 40px; padding: 9px 10px; border: 1px solid #d1d5db; border-radius: 10px; background: #fff; }
.send { border: 0; border-radius: 10px; padding: 9px 14px; background: var(--cc-color); color: #fff; cursor: pointer; font-weight: 600; }
.attach svg { width: 20px; height: 20px; fill: currentColor; }
.attach { position: relative; overflow: hidden; display: grid; place-items: center; width: 40px; height: 40px; border-radius: 10px; border: 1px solid #d1d5db; cursor: pointer; color: #4b5563; }
.attach input { position: absolute; inset: 0; opacity: 0; cursor: pointer; }
.form { display: flex; flex-direction: column; gap: 10px; padding: 14px 16px; overflow-y: auto; }
.form p { margin: 0; }
.form label { display: flex; flex-direction: column; gap: 4px; font-weight: 600; font-size: 13px; }
.form input, .form textarea { font-weight: 400; padding: 8px 10px; border: 1px solid #d1d5db; border-radius: 8px; background: #fff; }
.form .error { color: #b91c1c; font-weight: 400; font-size: 12px; }
.away { border-top: 1px solid #e5e7eb; background: #fffbeb; font-size: 13px; }
.away > p { margin: 0; padding: 10px 16px 0; }
.away .form { padding: 8px 16px 10px; gap: 6px; }
.actions { display: flex; gap: 8px; align-items: center; }
.plain { border: 0; background: transparent; color: inherit; cursor: pointer; text-decoration: underline; padding: 6px; }
.stars { display: flex; gap: 4px; border: 0; padding: 0; margin: 0; }
.stars legend { font-weight: 600; margin-bottom: 6px; }
.star { border: 1px solid #d1d5db; background: #fff; border-radius: 8px; width: 40px; height: 40px; cursor: pointer; font-size: 20px; color: #9ca3af; }
.star[aria-pressed="true"] { color: #f59e0b; border-color: #f59e0b; }
.sr-only { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0,0,0,0); border: 0; }
@media (max-width: 480px) {
  .cc, .cc.left { bottom: 12px; right: 12px; left: auto; }
  .cc.open { inset: 0; }
  .cc.open .launcher { display: none; }
  .panel, .cc.left .panel { position: fixed; inset: 0; width: auto; height: auto; border-radius: 0; }
}
`;
