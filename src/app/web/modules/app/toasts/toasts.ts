import { LightningElement, api } from 'lwc';

interface Toast {
  key: number;
  title?: string;
  message?: string;
  variant?: string;
}

/** SLDS toasts, top centre, as Lightning Experience shows them; errors stay until closed. */
export default class Toasts extends LightningElement {
  @api toasts: Toast[] = [];

  get items() {
    return (this.toasts ?? []).map((toast) => {
      const variant = toast.variant ?? 'info';
      return {
        ...toast,
        className: `slds-notify slds-notify_toast slds-theme_${variant}`,
        icon: `utility:${variant}`,
        role: variant === 'error' ? 'alert' : 'status'
      };
    });
  }

  handleClose(event: Event) {
    const key = Number((event.currentTarget as HTMLElement).dataset.key);
    this.dispatchEvent(new CustomEvent('close', { detail: { key } }));
  }
}
