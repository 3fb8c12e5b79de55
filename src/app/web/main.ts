/**
 * The app's entry: synthetic shadow (as Lightning Experience runs components), then the shell.
 * index.html has already signed in (window.__STRIDE_SESSION__) before this bundle loads.
 */
import '@lwc/synthetic-shadow';
import { createElement } from 'lwc';
import Shell from 'app/shell';
import { startBackgroundRefresh } from './platform/liveWire';

const shell = createElement('app-shell', { is: Shell });
document.getElementById('app')?.appendChild(shell);
startBackgroundRefresh();
