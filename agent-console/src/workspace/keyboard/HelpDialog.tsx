import { useTranslation } from 'react-i18next';
import { Modal } from '../../ui/Modal';
import { SHORTCUTS } from './shortcuts';

export function HelpDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation('workspace');
  return (
    <Modal title={t('shortcuts.title')} onClose={onClose}>
      <table className="table">
        <tbody>
          {SHORTCUTS.map((shortcut) => (
            <tr key={shortcut.action}>
              <td>
                {shortcut.display.map((key) => (
                  <kbd key={key}>{key}</kbd>
                ))}
              </td>
              <td>{t(`shortcuts.${shortcut.action}`)}</td>
            </tr>
          ))}
          <tr>
            <td>
              <kbd>Enter</kbd> / <kbd>Shift+Enter</kbd>
            </td>
            <td>{t('shortcuts.send')}</td>
          </tr>
          <tr>
            <td>
              <kbd>Esc</kbd>
            </td>
            <td>{t('shortcuts.escape')}</td>
          </tr>
        </tbody>
      </table>
    </Modal>
  );
}
