// renderer/components/: reusable pieces with no domain — no store, no host call, no rule of the
// regulation of their own. Line icons drawn inline (no icon font, no network, nothing for the CSP
// to allow). Decorative: hidden from assistive tech; the control holding one carries the name.
export type IconName =
  | 'headset'
  | 'phone'
  | 'shield'
  | 'close'
  | 'lock'
  | 'info'
  | 'warning'
  | 'error'
  | 'sign-out'
  | 'hangup'
  | 'mic'
  | 'mic-off'
  | 'pause'
  | 'play'
  | 'keypad'
  | 'transfer'
  | 'settings'
  | 'check'
  | 'backspace'
  | 'arrow-in'
  | 'arrow-out'
  | 'history'
  | 'signal'
  | 'new-window';

const paths: Record<IconName, string[]> = {
  headset: [
    'M4 14v-2a8 8 0 0 1 16 0v2',
    'M4 14h3v6H5a1 1 0 0 1-1-1z',
    'M20 14h-3v6h2a1 1 0 0 0 1-1z',
    'M17 20c0 1.5-2 2-5 2',
  ],
  phone: [
    'M5 4h3l2 5-2.5 1.5a11 11 0 0 0 6 6L15 14l5 2v3a2 2 0 0 1-2 2A16 16 0 0 1 3 6a2 2 0 0 1 2-2',
  ],
  shield: ['M12 3l7 3v5c0 4.5-3 8.5-7 10-4-1.5-7-5.5-7-10V6z', 'M9 12l2 2 4-4'],
  close: ['M6 6l12 12', 'M18 6L6 18'],
  lock: ['M6 11h12v9H6z', 'M8.5 11V8a3.5 3.5 0 0 1 7 0v3'],
  info: ['M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18z', 'M12 11v5', 'M12 8h.01'],
  warning: ['M12 4l9 16H3z', 'M12 10v4', 'M12 17h.01'],
  error: ['M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18z', 'M9 9l6 6', 'M15 9l-6 6'],
  'sign-out': ['M15 4h4v16h-4', 'M10 8l-4 4 4 4', 'M6 12h10'],
  'new-window': ['M14 4h6v6', 'M20 4l-8 8', 'M18 14v6H4V6h6'],
  hangup: ['M3 14.5c5-4.7 13-4.7 18 0l-2.2 2.6-3.6-1.4v-2.4a11 11 0 0 0-6.4 0v2.4l-3.6 1.4z'],
  mic: ['M9 5a3 3 0 0 1 6 0v6a3 3 0 0 1-6 0z', 'M5 11a7 7 0 0 0 14 0', 'M12 18v3'],
  'mic-off': [
    'M9 5a3 3 0 0 1 6 0v6a3 3 0 0 1-6 0z',
    'M5 11a7 7 0 0 0 14 0',
    'M12 18v3',
    'M4 4l16 16',
  ],
  pause: ['M8 5v14', 'M16 5v14'],
  play: ['M7 5l12 7-12 7z'],
  keypad: [
    'M6 5h.01',
    'M12 5h.01',
    'M18 5h.01',
    'M6 10h.01',
    'M12 10h.01',
    'M18 10h.01',
    'M6 15h.01',
    'M12 15h.01',
    'M18 15h.01',
    'M12 20h.01',
  ],
  transfer: ['M4 8h13', 'M14 4l4 4-4 4', 'M20 16H7', 'M10 12l-4 4 4 4'],
  settings: [
    'M12 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6z',
    'M19 12l2-1-1-3-2.2.2-1.3-1.3L16.7 5l-3-1-1 2h-1.4l-1-2-3 1 .2 2.2L6.2 8.5 4 8.3l-1 3 2 1v1.4l-2 1 1 3 2.2-.2 1.3 1.3-.2 2.2 3 1 1-2h1.4l1 2 3-1-.2-2.2 1.3-1.3 2.2.2 1-3-2-1z',
  ],
  check: ['M5 12l5 5 9-10'],
  backspace: ['M9 6h11v12H9l-6-6z', 'M12 10l4 4', 'M16 10l-4 4'],
  'arrow-in': ['M17 7L7 17', 'M7 9v8h8'],
  'arrow-out': ['M7 17L17 7', 'M9 7h8v8'],
  history: ['M4 12a8 8 0 1 0 2.3-5.7', 'M4 4v4h4', 'M12 8v4l3 2'],
  signal: ['M5 19v-3', 'M10 19v-7', 'M15 19v-11', 'M20 19V5'],
};

export function Icon({ name, className }: { name: IconName; className?: string }) {
  return (
    <svg
      className={className ? `icon ${className}` : 'icon'}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.8}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {paths[name].map((d) => (
        <path key={d} d={d} />
      ))}
    </svg>
  );
}
