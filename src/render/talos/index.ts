// The talos artifact family. Renders nothing yet: its issue brings the renderer.
import type { Renderer } from "../renderer.ts";

export const renderTalos: Renderer = () => [];
