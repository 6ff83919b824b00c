import type { ReactNode } from 'react';

/** A view a later issue fills: says plainly what will be here, nothing pretend. */
export function ComingView({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="view view-coming">
      <div className="view-head">
        <h1 id="view-title" tabIndex={-1}>
          {title}
        </h1>
        <span className="tag">Not in this build yet</span>
      </div>
      <div className="coming-body">{children}</div>
    </div>
  );
}
