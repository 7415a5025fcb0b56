import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';
import { watchCompositions } from './lib/composition';

const target = document.getElementById('app');
if (!target) throw new Error('missing #app');
// A word an input method was composing stays when the field loses the focus (lib/composition.ts).
watchCompositions();
export default mount(App, { target });
