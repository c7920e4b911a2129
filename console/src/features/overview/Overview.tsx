export default function Overview() {
  return <div className="page" />;
}
