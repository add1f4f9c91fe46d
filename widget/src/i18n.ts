import type { WidgetLocale } from '../../src/contracts/widget.views.js';

const en = {
  title: 'Chat with us',
  openChat: 'Open chat',
  closeChat: 'Close chat',
  unread: '{count} unread messages',
  greeting: 'Hi! How can we help?',
  composerLabel: 'Type your message',
  composerPlaceholder: 'Type a message…',
  send: 'Send',
  attach: 'Attach a file',
  connecting: 'Connecting…',
  reconnecting: 'Reconnecting… Your messages will be sent when the connection is back.',
  sending: 'Sending',
  delivered: 'Delivered',
  read: 'Read',
  notSent: 'Not sent: {reason}',
  agentTyping: '{name} is typing…',
  someoneTyping: 'Typing…',
  you: 'You',
  support: 'Support',
  loadOlder: 'Show earlier messages',
  messages: 'Messages',
  queuePosition: 'You are number {position} in line.',
  queueWait: 'Estimated wait: about {minutes} min.',
  fileTooLarge: '"{name}" is too large: files can be at most {size}.',
  fileTypeRefused: '"{name}" cannot be sent: only images (PNG, JPEG, GIF, WebP), PDF and text files.',
  uploadFailed: '"{name}" could not be uploaded: {reason}',
  preChatIntro: 'Tell us a little about yourself before we start.',
  name: 'Name',
  email: 'E-mail',
  question: 'How can we help?',
  startChat: 'Start chat',
  required: 'Please fill in this field.',
  invalidEmail: 'Please enter a valid e-mail address.',
  awayClosed: 'We are closed right now. Write to us anyway: replies may take a while and may come by e-mail.',
  awayNoAgents: 'No one is available right now. Write to us anyway: replies may take a while and may come by e-mail.',
  awayEmail: 'Your e-mail for the reply (optional)',
  awayEmailSave: 'Save',
  awayEmailSkip: 'No thanks',
  offlineThanks: 'Thanks! We will reply to {email}.',
  rateTitle: 'How did we do?',
  rateStars: '{rating} out of 5',
  rateComment: 'Anything you would like to add? (optional)',
  rateSubmit: 'Send rating',
  rateThanks: 'Thank you for your feedback!',
  resolved: 'This conversation was closed. Write again any time.',
  refusedIdentity: 'Please sign in on this website to chat with us.',
  refusedOrigin: 'This chat is not available on this website.',
  refused: 'The chat is not available: {reason}',
  poweredBy: 'Chat',
};

export type MessageKey = keyof typeof en;

const zhCN: Record<MessageKey, string> = {
  title: '在线客服',
  openChat: '打开聊天',
  closeChat: '关闭聊天',
  unread: '{count} 条未读消息',
  greeting: '您好！有什么可以帮您？',
  composerLabel: '输入消息',
  composerPlaceholder: '输入消息…',
  send: '发送',
  attach: '添加文件',
  connecting: '正在连接…',
  reconnecting: '正在重新连接… 连接恢复后将发送您的消息。',
  sending: '发送中',
  delivered: '已送达',
  read: '已读',
  notSent: '未发送：{reason}',
  agentTyping: '{name} 正在输入…',
  someoneTyping: '正在输入…',
  you: '您',
  support: '客服',
  loadOlder: '显示更早的消息',
  messages: '消息',
  queuePosition: '您前面还有 {position} 位。',
  queueWait: '预计等待约 {minutes} 分钟。',
  fileTooLarge: '“{name}”太大：文件不能超过 {size}。',
  fileTypeRefused: '无法发送“{name}”：仅支持图片（PNG、JPEG、GIF、WebP）、PDF 和文本文件。',
  uploadFailed: '“{name}”上传失败：{reason}',
  preChatIntro: '开始之前，请简单介绍一下您自己。',
  name: '姓名',
  email: '电子邮箱',
  question: '请问有什么可以帮您？',
  startChat: '开始聊天',
  required: '请填写此项。',
  invalidEmail: '请输入有效的电子邮箱地址。',
  awayClosed: '我们现在不在工作时间。您仍可留言：回复可能需要一些时间，也可能通过电子邮件发送给您。',
  awayNoAgents: '目前没有客服在线。您仍可留言：回复可能需要一些时间，也可能通过电子邮件发送给您。',
  awayEmail: '接收回复的电子邮箱（选填）',
  awayEmailSave: '保存',
  awayEmailSkip: '不用了',
  offlineThanks: '谢谢！我们会回复到 {email}。',
  rateTitle: '您对本次服务满意吗？',
  rateStars: '{rating} 分（满分 5 分）',
  rateComment: '还有什么想告诉我们的吗？（选填）',
  rateSubmit: '提交评价',
  rateThanks: '感谢您的反馈！',
  resolved: '本次对话已结束。如有需要，随时可以再次留言。',
  refusedIdentity: '请先登录本网站，再与我们聊天。',
  refusedOrigin: '本网站无法使用此聊天。',
  refused: '聊天暂不可用：{reason}',
  poweredBy: '聊天',
};

/** Every language's texts (exported for the parity test in test/unit/i18n-parity.test.ts). */
export const catalogues: Record<WidgetLocale, Record<MessageKey, string>> = { en, 'zh-CN': zhCN };

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/** The widget's language: an explicit choice, else the page's, else the browser's; Chinese or English. */
export function pickLocale(candidates: (string | null | undefined)[]): WidgetLocale {
  const first = candidates.find((candidate) => candidate && candidate.trim() !== '');
  return first?.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

/** The inbox's greeting: in the customer's language, else the inbox's own language, else English; none: the widget's own. */
export function pickGreeting(greetings: Partial<Record<WidgetLocale, string>>, locale: WidgetLocale, defaultLocale: WidgetLocale): string | undefined {
  return greetings[locale] ?? greetings[defaultLocale] ?? greetings.en;
}

/** Texts of one language, with the inbox's own wording (configured on the server) taking precedence. */
export function translator(locale: WidgetLocale, overrides: Record<string, string> = {}): Translate {
  const catalogue = catalogues[locale];
  return (key, params = {}) => {
    const template = overrides[key] ?? catalogue[key];
    return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
  };
}
