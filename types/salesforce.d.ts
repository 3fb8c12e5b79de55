// Salesforce's own type definitions for the lightning/* UI modules and @salesforce/user etc.
import '@salesforce/lightning-types';
