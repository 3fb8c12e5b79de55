// The accessibility matcher registered in jest.sa11y.setup.js (@sa11y/jest).
declare namespace jest {
  interface Matchers<R> {
    toBeAccessible(config?: unknown): Promise<R>;
  }
}
