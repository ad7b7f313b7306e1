import { useState } from 'react';

export function CopyButton({ text, label }: { text: string; label: string }) {
  const [copied, setCopied] = useState<'idle' | 'copied' | 'failed'>('idle');
  return (
    <button
      type="button"
      onClick={() => {
        navigator.clipboard?.writeText(text).then(
          () => setCopied('copied'),
          () => setCopied('failed'),
        ) ?? setCopied('failed');
      }}
    >
      {copied === 'copied' ? 'Copied' : copied === 'failed' ? 'Copy failed: select it' : label}
    </button>
  );
}
