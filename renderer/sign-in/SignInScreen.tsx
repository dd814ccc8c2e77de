import { useEffect, useId, useRef, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SignInForm, SignInProblem } from '../state/session.js';
import { errorKey } from '../i18n/index.js';
import { BrandMark } from '../components/BrandMark.js';
import { Icon } from '../components/Icon.js';

/** The embedded service's demo seed (server/seed/demo-seed.json): synthetic, for trying it out. */
const DEMO_ACCOUNT = { username: 'agent01', password: 'demo-pass-1' } as const;

export interface SignInScreenProps {
  form: SignInForm;
  /** The embedded demo records service: its demo account is shown (README "Run it"). */
  demo?: boolean;
  /** Receives the password once, for one attempt; this component clears its field right away. */
  onSubmit: (username: string, password: string) => void;
}

export function SignInScreen({ form, demo = false, onSubmit }: SignInScreenProps) {
  const { t } = useTranslation();
  const id = useId();
  const usernameRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const { submitting, problem, sessionEnded } = form;
  const errorId = `${id}-error`;

  useEffect(() => {
    usernameRef.current?.focus();
  }, []);

  // After a refused attempt, put the cursor where the agent has to type next.
  useEffect(() => {
    if (!problem) return;
    const field =
      problem.source === 'form' && problem.reason !== 'password-missing'
        ? usernameRef
        : passwordRef;
    field.current?.focus();
    if (field === usernameRef) usernameRef.current?.select();
  }, [problem]);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (submitting) return;
    const username = usernameRef.current?.value ?? '';
    const password = passwordRef.current?.value ?? '';
    // The password lives only in this field: read it once, clear it, hand it on (never stored).
    if (passwordRef.current) passwordRef.current.value = '';
    onSubmit(username, password);
  };

  // Mark fields as wrong only when they are: a service that is down says nothing about the input.
  const problemField =
    problem?.source === 'form'
      ? problem.reason === 'password-missing'
        ? 'password'
        : 'username'
      : problem?.code === 'invalid-credentials'
        ? 'both'
        : null;

  return (
    <main className="sign-in">
      <div className="sign-in__card">
        <header className="sign-in__header">
          <BrandMark large />
        </header>
        <form
          className="sign-in__form"
          onSubmit={submit}
          noValidate
          aria-labelledby={`${id}-title`}
        >
          <h1 id={`${id}-title`} className="sign-in__title">
            {t('signIn.title')}
          </h1>
          <p className="sign-in__intro">{t('signIn.intro')}</p>
          {demo && (
            <p className="form-note sign-in__demo" role="note" data-testid="demo-warning">
              <Icon name="warning" />
              <strong>{t('signIn.demoWarning')}</strong>
            </p>
          )}
          {demo && (
            <p className="form-note sign-in__demo" data-testid="demo-account">
              <Icon name="info" />
              <span>
                {t('signIn.demoAccount')} <code>{DEMO_ACCOUNT.username}</code> /{' '}
                <code>{DEMO_ACCOUNT.password}</code>
              </span>
            </p>
          )}

          {sessionEnded && !problem && (
            <p className="form-note" role="status">
              <Icon name="info" />
              {t('signIn.sessionEnded')}
            </p>
          )}

          <div className="field">
            <label htmlFor={`${id}-username`}>{t('signIn.username')}</label>
            <input
              ref={usernameRef}
              id={`${id}-username`}
              name="username"
              data-testid="login-username"
              type="text"
              autoComplete="username"
              autoCapitalize="off"
              autoCorrect="off"
              spellCheck={false}
              maxLength={64}
              readOnly={submitting}
              aria-invalid={
                problemField === 'username' || problemField === 'both' ? true : undefined
              }
              aria-describedby={problem ? errorId : undefined}
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-password`}>{t('signIn.password')}</label>
            <input
              ref={passwordRef}
              id={`${id}-password`}
              name="password"
              data-testid="login-password"
              type="password"
              autoComplete="current-password"
              maxLength={256}
              readOnly={submitting}
              aria-invalid={
                problemField === 'password' || problemField === 'both' ? true : undefined
              }
              aria-describedby={problem ? errorId : undefined}
            />
          </div>

          {problem && (
            <p
              id={errorId}
              className="form-error"
              role="alert"
              data-testid="login-error"
              data-code={problemCode(problem)}
            >
              <Icon name="error" />
              {problem.source === 'form'
                ? t(`signIn.problem.${problem.reason}`)
                : t(errorKey(problem.code))}
            </p>
          )}

          <button
            type="submit"
            className="button button--primary button--block"
            data-testid="login-submit"
            disabled={submitting}
            aria-busy={submitting}
          >
            {submitting ? t('signIn.submitting') : t('signIn.submit')}
          </button>
        </form>
        <p className="sign-in__legal">{t('signIn.authorisedOnly')}</p>
      </div>
    </main>
  );
}

/** For automation and support: the code behind the message, never the message itself. */
const problemCode = (problem: SignInProblem): string =>
  problem.source === 'form' ? problem.reason : problem.code;
