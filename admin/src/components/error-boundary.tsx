import { Alert } from "antd";
import { Component, type ReactNode } from "react";

interface Props {
  fallback: string;
  children: ReactNode;
  /** When this changes (e.g. the address), a boundary showing an error tries its children again. */
  resetKey?: unknown;
}

/** Keeps one broken widget (e.g. a chart) from blanking the whole page. */
export class ErrorBoundary extends Component<Props, { error: Error | null }> {
  state = { error: null as Error | null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  componentDidUpdate(previous: Props) {
    if (this.state.error && previous.resetKey !== this.props.resetKey) this.setState({ error: null });
  }

  render() {
    return this.state.error ? <Alert type="error" showIcon message={this.props.fallback} description={this.state.error.message} /> : this.props.children;
  }
}
