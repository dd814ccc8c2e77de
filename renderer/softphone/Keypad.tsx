export const KEYPAD_KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'] as const;
const LETTERS: Record<string, string> = {
  '2': 'ABC',
  '3': 'DEF',
  '4': 'GHI',
  '5': 'JKL',
  '6': 'MNO',
  '7': 'PQRS',
  '8': 'TUV',
  '9': 'WXYZ',
  '0': '+',
};

/**
 * Twelve keys laid out like a phone's. Each is a button named by its digit (the letters are
 * decoration), so the name is what the agent sees.
 */
export function Keypad({
  onKey,
  testIdPrefix,
  disabled = false,
}: {
  onKey: (key: string) => void;
  testIdPrefix: string;
  disabled?: boolean;
}) {
  return (
    <div className="keypad" role="group">
      {KEYPAD_KEYS.map((key) => (
        <button
          key={key}
          type="button"
          className="keypad__key"
          data-testid={`${testIdPrefix}-${key === '*' ? 'star' : key === '#' ? 'hash' : key}`}
          disabled={disabled}
          onClick={() => onKey(key)}
        >
          <span className="keypad__digit">{key}</span>
          <span className="keypad__letters" aria-hidden="true">
            {LETTERS[key] ?? '\u00a0'}
          </span>
        </button>
      ))}
    </div>
  );
}
