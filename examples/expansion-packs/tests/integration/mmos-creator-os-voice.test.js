// tests/integration/mmos-creator-os-voice.test.js (seed 000 "Integration Testing")
describe('MMOS → CreatorOS Voice Integration', () => {
  it('should preserve 90%+ voice fidelity', async () => {
    const mind = await MMOS.createMind('naval');
    const course = await CreatorOS.generateCourse({ slug: 'test-course', mind });
    const fidelity = await CreatorOS.validateFidelity(course);
    expect(fidelity).toBeGreaterThanOrEqual(0.90);
  });
});
