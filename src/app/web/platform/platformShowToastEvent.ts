/**
 * `lightning/platformShowToastEvent`: the same event the platform's container listens for. It
 * bubbles out of the component's shadow tree to the app shell, which shows the toast.
 */
export interface ToastDetail {
  title?: string;
  message?: string;
  variant?: 'info' | 'success' | 'warning' | 'error';
  mode?: 'dismissible' | 'pester' | 'sticky';
}

export const SHOW_TOAST = 'lightning__showtoast';

export class ShowToastEvent extends CustomEvent<ToastDetail> {
  constructor(detail: ToastDetail) {
    super(SHOW_TOAST, { bubbles: true, composed: true, cancelable: true, detail });
  }
}
