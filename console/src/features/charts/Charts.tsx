export default function Charts() {
  return <div className="page" />;
}
