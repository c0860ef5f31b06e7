// One clear line for a failure, announced to screen readers: a heading saying what to do, then the service's own words.
import { useContext } from 'react';
import { useI18n } from '../i18n/context.js';
import { errorHeadingKey } from '../i18n/errors.js';
import { RelockContext, type Problem } from './call.js';

export function ErrorLine({ problem }: { problem: Problem | null }) {
  const { t } = useI18n();
  const relock = useContext(RelockContext);
  if (!problem) return null;
  if ('text' in problem) {
    return (
      <div className="error-line" role="alert">
        <span data-testid="error">{problem.text}</span>
      </div>
    );
  }
  return (
    <div className="error-line" role="alert" data-code={problem.code}>
      <strong className="error-heading" data-testid="error-heading">
        {t(errorHeadingKey(problem.code))}
      </strong>{' '}
      {problem.detail && (
        <span className="error-detail" data-testid="error">
          {problem.detail}
        </span>
      )}
      {problem.code === 'passphrase-required' && relock && (
        <button type="button" onClick={relock} data-testid="error-unlock">
          {t('session.unlockAgain')}
        </button>
      )}
    </div>
  );
}
