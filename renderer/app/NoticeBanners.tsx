// renderer/app/: the window before and around the signed-in shell. Main's notices (settings file,
// policy keys) show on the sign-in screen and in the shell alike, each in the catalogue's words
// by its key (renderer/i18n noticeText); a dismissal hides it for this run only.
import { useTranslation } from 'react-i18next';
import type { Notice } from '../../common/contract.js';
import { noticeText } from '../i18n/index.js';
import { Banner } from '../components/Banner.js';

export interface NoticeBannersProps {
  notices: Notice[];
  onDismiss: (id: string) => void;
}

/** What main wants the agent (and IT) to read: a corrupt settings file, an odd policy key… */
export function NoticeBanners({ notices, onDismiss }: NoticeBannersProps) {
  const { t } = useTranslation();
  if (notices.length === 0) return null;
  return (
    <section className="banners" aria-label={t('notice.region')}>
      {notices.map((notice) => (
        <Banner
          key={notice.id}
          level={notice.level}
          testId={`notice-${notice.id}`}
          onDismiss={() => onDismiss(notice.id)}
        >
          {noticeText(t, notice)}
        </Banner>
      ))}
    </section>
  );
}
