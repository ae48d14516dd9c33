/** Vite's `?url` imports: the URL of the file as the build emits it (the wasm backend's binaries). */
declare module '*?url' {
  const url: string;
  export default url;
}
