import { Alert } from "antd";
import { Component, type ReactNode } from "react";

/** Keeps one broken widget (e.g. a chart) from blanking the whole page. */
export class ErrorBoundary extends Component<{ fallback: string; children: ReactNode }, { error: Error | null }> {
  state = { error: null as Error | null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  render() {
    return this.state.error ? <Alert type="error" showIcon message={this.props.fallback} description={this.state.error.message} /> : this.props.children;
  }
}
