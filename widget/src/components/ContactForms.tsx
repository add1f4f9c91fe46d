import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import type { PreChatField } from '../../../src/contracts/widget.views.js';
import type { ChatController, WidgetState } from '../controller.js';
import { Field, isEmail, useFormSubmit, type FormErrors } from './Field.js';

interface FormProps {
  chat: ChatController;
  state: WidgetState;
}

/** Asks name, e-mail and question (as the inbox configures) before the first message. */
export function PreChatForm({ chat, state }: FormProps): JSX.Element {
  const { t } = state;
  const fields = state.appearance?.preChatForm.fields ?? [];
  const labels: Record<PreChatField, string> = { name: t('name'), email: t('email'), question: t('question') };
  const { errors, submit } = useFormSubmit(
    (values) => {
      const found: FormErrors = {};
      for (const field of fields) if (!values[field]) found[field] = t('required');
      if (values.email && !isEmail(values.email)) found.email = t('invalidEmail');
      return found;
    },
    (values) => void chat.submitPreChat(values),
  );

  return (
    <form class="form" onSubmit={submit} noValidate>
      <p>{t('preChatIntro')}</p>
      {fields.map((field) => (
        <Field
          key={field}
          name={field}
          label={labels[field]}
          error={errors[field]}
          required
          multiline={field === 'question'}
          type={field === 'email' ? 'email' : 'text'}
          autoComplete={field === 'question' ? undefined : field}
        />
      ))}
      <button class="send" type="submit">
        {t('startChat')}
      </button>
    </form>
  );
}

/** Nobody answers live: the customer writes anyway, told replies may take a while; an e-mail for the reply is asked once. */
export function AwayNotice({ chat, state }: FormProps): JSX.Element {
  const { t } = state;
  const { errors, submit } = useFormSubmit(
    (values) => (values.email && !isEmail(values.email) ? { email: t('invalidEmail') } : {}),
    (values) => void chat.leaveEmail(values.email || null),
  );
  return (
    <div class="away">
      <p role="status">{state.availability?.reason === 'closed' ? t('awayClosed') : t('awayNoAgents')}</p>
      {!state.emailAsked && (
        <form class="form" onSubmit={submit} noValidate>
          <Field name="email" label={t('awayEmail')} type="email" autoComplete="email" error={errors.email} />
          <div class="actions">
            <button class="send" type="submit">
              {t('awayEmailSave')}
            </button>
            <button class="plain" type="button" onClick={() => void chat.leaveEmail(null)}>
              {t('awayEmailSkip')}
            </button>
          </div>
        </form>
      )}
    </div>
  );
}

/** After the agent resolved the conversation: 1-5 and an optional comment. */
export function RatingForm({ chat, state }: FormProps): JSX.Element {
  const { t } = state;
  const [rating, setRating] = useState(0);
  const [comment, setComment] = useState('');
  if (state.rating) return <p class="note" role="status">{t('rateThanks')}</p>;
  return (
    <form
      class="form note"
      onSubmit={(event) => {
        event.preventDefault();
        if (rating > 0) void chat.rate(rating, comment.trim());
      }}
    >
      <fieldset class="stars">
        <legend>{t('rateTitle')}</legend>
        {[1, 2, 3, 4, 5].map((value) => (
          <button
            key={value}
            type="button"
            class="star"
            aria-pressed={value <= rating}
            aria-label={t('rateStars', { rating: value })}
            onClick={() => setRating(value)}
          >
            ★
          </button>
        ))}
      </fieldset>
      <label>
        {t('rateComment')}
        <textarea rows={2} value={comment} onInput={(event) => setComment(event.currentTarget.value)} />
      </label>
      <button class="send" type="submit" disabled={rating === 0}>
        {t('rateSubmit')}
      </button>
    </form>
  );
}
