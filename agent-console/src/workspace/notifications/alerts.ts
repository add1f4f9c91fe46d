/** Ways to get an agent's attention beyond the bell: a short beep and the browser's own notification. */

const ASKED_KEY = 'cc.notifications.asked';

let audio: AudioContext | null = null;

/** A 180 ms sine beep made on the spot (no sound file to serve). Browsers allow it after a user gesture. */
export function beep(): void {
  try {
    audio ??= new AudioContext();
    const oscillator = audio.createOscillator();
    const gain = audio.createGain();
    oscillator.frequency.value = 880;
    gain.gain.setValueAtTime(0.08, audio.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.0001, audio.currentTime + 0.18);
    oscillator.connect(gain).connect(audio.destination);
    oscillator.start();
    oscillator.stop(audio.currentTime + 0.2);
  } catch {
    // No audio device or autoplay refused: the toast and the bell still tell the agent.
  }
}

export function canAskPermission(): boolean {
  return typeof Notification !== 'undefined' && Notification.permission === 'default' && localStorage.getItem(ASKED_KEY) === null;
}

/** Asked once, from a click; the answer is the browser's to remember, that we asked is ours. */
export async function askPermission(): Promise<void> {
  localStorage.setItem(ASKED_KEY, new Date().toISOString());
  await Notification.requestPermission();
}

export function showBrowserNotification(title: string, body: string, onClick: () => void): void {
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted' || document.hasFocus()) return;
  const notification = new Notification(title, { body });
  notification.onclick = () => {
    window.focus();
    onClick();
    notification.close();
  };
}

/** The toast's words: the headline, and the preview unless it only names the conversation again ("Conversation #12"). */
export function notificationLine(headline: string, preview: string, conversationNumber: number | null): string {
  if (preview.trim() === '' || (conversationNumber !== null && preview.includes(`#${conversationNumber}`))) return headline;
  return `${headline}: ${preview}`;
}
