// The throttling plugin uses Bottleneck's light build; reuse it (and its types) so dist/ holds one copy.
declare module 'bottleneck/light.js' {
  import Bottleneck from 'bottleneck';
  export default Bottleneck;
}
