// Custom labels used by strideModal (the English value follows each import).
import CLOSE from '@salesforce/label/c.Stride_Modal_Close'; // Close

export const LABELS = { close: CLOSE };
