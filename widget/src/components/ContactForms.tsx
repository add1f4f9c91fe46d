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

/** Nobody answers live: a message and an e-mail address open the conversation anyway. */
export function OfflineForm({ chat, state }: FormProps): JSX.Element {
  const { t } = state;
  const { errors, submit } = useFormSubmit(
    (values) => ({
      ...(!isEmail(values.email ?? '') && { email: values.email ? t('invalidEmail') : t('required') }),
      ...(!values.text && { text: t('required') }),
    }),
    (values) => chat.submitOffline({ name: values.name, email: values.email ?? '', text: values.text ?? '' }),
  );

  return (
    <form class="form" onSubmit={submit} noValidate>
      <p role="status">{state.availability?.reason === 'closed' ? t('offlineClosed') : t('offlineNoAgents')}</p>
      <Field name="name" label={t('name')} autoComplete="name" />
      <Field name="email" label={t('email')} type="email" autoComplete="email" required error={errors.email} />
      <Field name="text" label={t('question')} multiline required error={errors.text} />
      <button class="send" type="submit">
        {t('offlineSend')}
      </button>
    </form>
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
